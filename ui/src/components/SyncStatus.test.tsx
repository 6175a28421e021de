import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { SyncState } from "../bindings/SyncState";
import { renderSignedIn } from "../test/app";
import { TEAM, memberSignedIn } from "../test/fixtures";

function syncState(overrides: Partial<SyncState>): SyncState {
  return {
    phase: "waiting",
    online: true,
    lastSyncedAt: "2025-03-14T09:26:53Z",
    pendingEdits: 0,
    rejectedEdits: 0,
    conflicts: 0,
    progress: null,
    error: null,
    ...overrides,
  };
}

const users = { list_users: () => TEAM, list_invitations: () => [] };

describe("sync status in the header", () => {
  it("shows progress while pulling, and pending and rejected edits", async () => {
    await renderSignedIn(memberSignedIn(), "#/users", {
      ...users,
      sync_state: () =>
        syncState({ phase: "pulling", progress: { done: 40, expected: 160 }, pendingEdits: 3, rejectedEdits: 1 }),
    });
    const status = await screen.findByTestId("sync-status");
    await waitFor(() => expect(status).toHaveTextContent("Syncing 25%"));
    expect(screen.getByTestId("sync-pending")).toHaveTextContent("3 pending");
    expect(screen.getByTestId("sync-rejected")).toHaveTextContent("1 rejected");
    expect(screen.queryByTestId("offline-banner")).not.toBeInTheDocument();
  });

  it("says the screen is the local copy while offline, and syncs on request", async () => {
    const calls = await renderSignedIn(memberSignedIn(), "#/users", {
      ...users,
      sync_state: () => syncState({ phase: "offline", online: false }),
      sync_now: () => null,
    });
    expect(await screen.findByTestId("offline-banner")).toHaveTextContent("You are offline.");
    expect(screen.getByTestId("sync-status")).toHaveAttribute("data-state", "offline");
    await userEvent.setup().click(screen.getByTestId("sync-now"));
    expect(calls.some((c) => c.cmd === "sync_now")).toBe(true);
  });

  it("keeps the plain connection indicator for platform staff", async () => {
    await renderSignedIn({ kind: "staff", serverUrl: "http://x", displayName: "Pat" }, "", {
      staff_tenants: () => [],
    });
    expect(await screen.findByTestId("connection-indicator")).toBeInTheDocument();
    expect(screen.queryByTestId("sync-status")).not.toBeInTheDocument();
  });
});
