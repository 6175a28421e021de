import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { emit } from "@tauri-apps/api/event";
import { describe, expect, it } from "vitest";
import { SESSION_ENDED_EVENT } from "../session/api";
import { SYNC_STATE_EVENT } from "../sync/api";
import type { RejectedEdit } from "../bindings/RejectedEdit";
import type { SessionEnded } from "../bindings/SessionEnded";
import type { SyncState } from "../bindings/SyncState";
import type { SyncUpdate } from "../bindings/SyncUpdate";
import { renderSignedIn } from "../test/app";
import { TEAM, edited, memberSignedIn, user } from "../test/fixtures";

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

/** What the shell emits when the engine's state changes. */
async function sendSyncUpdate(state: Partial<SyncState>, dataChanged = false) {
  const update: SyncUpdate = { state: syncState(state), dataChanged };
  await act(() => emit(SYNC_STATE_EVENT, update));
}

const users = { member_rows: () => TEAM.map((u) => edited(u)), list_invitations: () => [], rejected_edits: () => [] };

function rejected(overrides: Partial<RejectedEdit> = {}): RejectedEdit {
  return {
    mutationId: "m-1",
    entity: "lead",
    entityId: "lead-1",
    op: "update",
    changes: { name: "Rosa Diaz", stage: "qualified" },
    code: "forbidden",
    message: "Agents change only the leads assigned to them.",
    createdAt: "2025-03-14T09:20:00Z",
    ...overrides,
  };
}

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

  it("follows the shell's sync-state events instead of polling", async () => {
    const calls = await renderSignedIn(memberSignedIn(), "#/users", {
      ...users,
      sync_state: () => syncState({ phase: "waiting" }),
    });
    await waitFor(() => expect(screen.getByTestId("sync-status")).toHaveAttribute("data-state", "online"));

    await sendSyncUpdate({ phase: "offline", online: false, pendingEdits: 2 });
    expect(screen.getByTestId("sync-status")).toHaveAttribute("data-state", "offline");
    expect(screen.getByTestId("sync-pending")).toHaveTextContent("2 pending");
    expect(screen.getByTestId("offline-banner")).toBeInTheDocument();

    await sendSyncUpdate({ phase: "pulling", progress: { done: 30, expected: 60 } });
    expect(screen.getByTestId("sync-status")).toHaveTextContent("Syncing 50%");
    expect(screen.queryByTestId("offline-banner")).not.toBeInTheDocument();
    // Asked once, when the shell mounted; every change since came as an event.
    expect(calls.filter((c) => c.cmd === "sync_state")).toHaveLength(1);
  });

  it("refreshes what the screens show when a sync brings new data, and only then", async () => {
    let team = TEAM;
    const calls = await renderSignedIn(memberSignedIn(), "#/users", {
      member_rows: () => team.map((u) => edited(u)),
      list_invitations: () => [],
      rejected_edits: () => [],
      sync_state: () => syncState({}),
    });
    await screen.findByText("sam@harbourrealty.example");
    const listed = () => calls.filter((c) => c.cmd === "member_rows").length;
    const before = listed();

    team = [...TEAM, user("new.agent@harbourrealty.example", "agent")];
    await sendSyncUpdate({ lastSyncedAt: "2025-03-14T09:30:00Z" }, false);
    expect(listed()).toBe(before);
    expect(screen.queryByText("new.agent@harbourrealty.example")).not.toBeInTheDocument();

    await sendSyncUpdate({ lastSyncedAt: "2025-03-14T09:31:00Z" }, true);
    expect(await screen.findByText("new.agent@harbourrealty.example")).toBeInTheDocument();
    expect(listed()).toBe(before + 1);
  });

  it("lists rejected edits with what they tried and why, and dismisses them", async () => {
    let list = [rejected(), rejected({ mutationId: "m-2", entity: "user", op: "delete", changes: {}, code: "quota_exceeded", message: "Your plan allows 5 users." })];
    const calls = await renderSignedIn(memberSignedIn(), "#/users", {
      ...users,
      sync_state: () => syncState({ rejectedEdits: 2 }),
      rejected_edits: () => list,
      dismiss_rejected_edit: ({ mutationId }) => {
        list = list.filter((e) => e.mutationId !== mutationId);
        return null;
      },
    });
    const ui = userEvent.setup();
    await ui.click(await screen.findByTestId("sync-rejected-open"));
    const dialog = await screen.findByTestId("rejected-dialog");
    const first = await within(dialog).findByTestId("rejected-m-1");
    expect(first).toHaveTextContent("Change lead “Rosa Diaz”");
    expect(first).toHaveTextContent("stage → “qualified”");
    expect(first).toHaveTextContent("Agents change only the leads assigned to them.");
    const second = within(dialog).getByTestId("rejected-m-2");
    expect(second).toHaveTextContent("Delete user");
    expect(second).toHaveTextContent("Your plan allows 5 users. (quota_exceeded)");

    await ui.click(within(first).getByTestId("rejected-dismiss-m-1"));
    await waitFor(() => expect(within(dialog).queryByTestId("rejected-m-1")).not.toBeInTheDocument());
    expect(within(dialog).getByTestId("rejected-m-2")).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === "dismiss_rejected_edit")?.args).toEqual({ mutationId: "m-1" });

    await ui.click(within(dialog).getByTestId("rejected-dismiss-m-2"));
    expect(await within(dialog).findByTestId("rejected-empty")).toBeInTheDocument();
    await ui.click(screen.getByTestId("rejected-close"));
    expect(screen.queryByTestId("rejected-dialog")).not.toBeInTheDocument();
  });

  it("shows the sign-in screen, saying why, the moment the shell shreds the cache", async () => {
    await renderSignedIn(memberSignedIn(), "#/users", { ...users, sync_state: () => syncState({}) });
    await screen.findByText("sam@harbourrealty.example");
    const ended: SessionEnded = {
      reason: {
        code: "access_lost",
        message: "Access to this brokerage has ended (Sign in again.); its data was removed from this device.",
      },
      signedIn: null,
    };
    await act(() => emit(SESSION_ENDED_EVENT, ended));
    expect(await screen.findByTestId("signin-error")).toHaveTextContent("its data was removed from this device");
    expect(screen.getByTestId("signin-error")).toHaveTextContent("access_lost");
    expect(screen.queryByText("sam@harbourrealty.example")).not.toBeInTheDocument();
  });

  it("keeps the plain connection indicator for platform staff", async () => {
    await renderSignedIn({ kind: "staff", serverUrl: "http://x", displayName: "Pat" }, "", {
      staff_tenants: () => [],
      pending_deletions: () => [],
    });
    expect(await screen.findByTestId("connection-indicator")).toBeInTheDocument();
    expect(screen.queryByTestId("sync-status")).not.toBeInTheDocument();
  });
});
