import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { DotloopCard } from "../bindings/DotloopCard";
import type { DotloopStatus } from "../bindings/DotloopStatus";
import type { RunSummary } from "../bindings/RunSummary";
import type { SignedIn } from "../bindings/SignedIn";
import { renderSignedIn, type Handlers } from "../test/app";
import { defaultSettings, edited, memberSignedIn, offlineSync } from "../test/fixtures";
import { RUN_POLL_MS } from "./DotloopCard";

const AUTHORIZE = "https://auth.dotloop.com/oauth/authorize?client_id=bd&state=bdo.1";

const run = (overrides: Partial<RunSummary> = {}): RunSummary => ({
  id: "6f1c2a52-8c43-4a8e-9d55-1f4a0b6c7d21",
  trigger: "manual",
  status: "succeeded",
  startedAt: "2026-12-01T10:00:00Z",
  finishedAt: "2026-12-01T10:02:00Z",
  loopsTotal: 1234,
  loopsSeen: 1234,
  created: 1200,
  updated: 30,
  unchanged: 4,
  errorCode: null,
  ...overrides,
});

const CONNECTED: DotloopStatus = {
  configured: true,
  connected: true,
  status: "connected",
  account: { profileId: "4711", name: "Acme Realty" },
  connectedAt: "2026-11-30T09:00:00Z",
  latestRun: run(),
  lastSuccessfulRun: run(),
};
const DISCONNECTED: DotloopStatus = { ...CONNECTED, connected: false, status: null, account: null, connectedAt: null, latestRun: null, lastSuccessfulRun: null };

const card = (status: DotloopStatus, overrides: Partial<DotloopCard> = {}): DotloopCard => ({
  status,
  seenAt: "2026-12-01T10:05:00Z",
  offline: false,
  ...overrides,
});

/** Platform staff in a support session as an admin: it may open Settings but never Dotloop's tokens. */
function supportAsAdmin(): SignedIn {
  const member = memberSignedIn() as Extract<SignedIn, { kind: "member" }>;
  const now = Date.now();
  return {
    kind: "support",
    serverUrl: member.serverUrl,
    tenant: member.tenant,
    role: "admin",
    session: {
      id: "ss-1",
      tenantId: member.tenant.id,
      staffDisplay: "Pat Support",
      reason: "Owner asked why the Dotloop import stopped",
      ticket: null,
      startedAt: new Date(now).toISOString(),
      expiresAt: new Date(now + 3_600_000).toISOString(),
      endedAt: null,
    },
  };
}

async function settingsWith(handlers: Handlers, signedIn: SignedIn = memberSignedIn("owner")) {
  return renderSignedIn(signedIn, "#/settings", {
    tenant_settings: () => edited(defaultSettings()),
    provider_keys: () => [],
    export_jobs: () => [],
    api_keys: () => [],
    rejected_edits: () => [],
    audit_trail: () => [],
    tenant_deletion: () => ({ status: "active", requestedAt: null, requestedBy: null, dueAt: null, held: false }),
    ...handlers,
  });
}

describe("the Dotloop card", () => {
  it("says the server is not set up, with nothing to click", async () => {
    await settingsWith({ dotloop_status: () => card({ ...DISCONNECTED, configured: false }) });
    expect(await screen.findByTestId("dotloop-not-configured")).toHaveTextContent("client id and secret");
    expect(screen.queryByTestId("dotloop-connect")).not.toBeInTheDocument();
  });

  it("offers to connect when not connected, and opens the browser through the shell", async () => {
    const calls = await settingsWith({
      dotloop_status: () => card(DISCONNECTED),
      connect_dotloop: () => ({ authorizeUrl: AUTHORIZE }),
    });
    expect(await screen.findByTestId("dotloop-state")).toHaveTextContent("Not connected");
    expect(screen.getByTestId("dotloop-last-sync")).toHaveTextContent("never");
    expect(screen.queryByTestId("dotloop-disconnect")).not.toBeInTheDocument();
    await userEvent.setup().click(screen.getByTestId("dotloop-connect"));
    expect(await screen.findByTestId("dotloop-opened")).toHaveTextContent(AUTHORIZE);
    expect(calls.filter((c) => c.cmd === "connect_dotloop")).toHaveLength(1);
  });

  it("shows the account and last sync when connected, syncs now and disconnects after confirming", async () => {
    const calls = await settingsWith({
      dotloop_status: () => card(CONNECTED),
      sync_dotloop: () => ({ runId: "r-2" }),
      disconnect_dotloop: () => ({ revoked: true }),
    });
    expect(await screen.findByTestId("dotloop-state")).toHaveTextContent("Connected");
    expect(screen.getByTestId("dotloop-account")).toHaveTextContent("Acme Realty (profile 4711)");
    expect(screen.getByTestId("dotloop-last-sync")).toHaveTextContent("1,200 new, 30 updated, 4 unchanged");
    expect(screen.queryByTestId("dotloop-connect")).not.toBeInTheDocument();
    const user = userEvent.setup();
    await user.click(screen.getByTestId("dotloop-sync"));
    await waitFor(() => expect(calls.filter((c) => c.cmd === "sync_dotloop")).toHaveLength(1));
    await user.click(screen.getByTestId("dotloop-disconnect"));
    expect(calls.some((c) => c.cmd === "disconnect_dotloop")).toBe(false);
    await user.click(within(screen.getByTestId("dotloop-disconnect-confirm")).getByRole("button", { name: "Disconnect" }));
    await waitFor(() => expect(calls.filter((c) => c.cmd === "disconnect_dotloop")).toHaveLength(1));
  });

  it("says clearly when Dotloop refused the connection, and offers Reconnect instead of Sync now", async () => {
    const calls = await settingsWith({
      dotloop_status: () =>
        card({ ...CONNECTED, status: "needs_reconnect", latestRun: run({ status: "failed", errorCode: "dotloop_needs_reconnect" }) }),
      connect_dotloop: () => ({ authorizeUrl: AUTHORIZE }),
    });
    expect(await screen.findByTestId("dotloop-state")).toHaveTextContent("Needs reconnect");
    expect(screen.getByTestId("dotloop-needs-reconnect")).toHaveTextContent("Imports are paused");
    expect(screen.getByTestId("dotloop-run-failed")).toHaveTextContent("Dotloop refused the connection");
    expect(screen.queryByTestId("dotloop-sync")).not.toBeInTheDocument();
    const reconnect = screen.getByTestId("dotloop-connect");
    expect(reconnect).toHaveTextContent("Reconnect");
    await userEvent.setup().click(reconnect);
    await waitFor(() => expect(calls.filter((c) => c.cmd === "connect_dotloop")).toHaveLength(1));
  });

  it("shows a running import's progress and polls until it ends", async () => {
    let finished = false;
    const running = card({ ...CONNECTED, latestRun: run({ status: "running", finishedAt: null, loopsSeen: 300, created: 290, updated: 10, unchanged: 0 }) });
    const calls = await settingsWith({ dotloop_status: () => (finished ? card(CONNECTED) : running) });
    const bar = await screen.findByTestId("dotloop-progress");
    expect(bar).toHaveAttribute("value", "300");
    expect(bar).toHaveAttribute("max", "1234");
    expect(screen.getByTestId("dotloop-progress-text")).toHaveTextContent("300 of 1,234 loops");
    expect(screen.getByTestId("dotloop-sync")).toBeDisabled();
    const asked = calls.filter((c) => c.cmd === "dotloop_status").length;
    finished = true;
    await waitFor(() => expect(screen.queryByTestId("dotloop-running")).not.toBeInTheDocument(), { timeout: RUN_POLL_MS * 2 });
    expect(calls.filter((c) => c.cmd === "dotloop_status").length).toBeGreaterThan(asked);
    expect(screen.getByTestId("dotloop-sync")).toBeEnabled();
  });

  it("offline, shows the last status seen with its time and disables the actions with the reason", async () => {
    await settingsWith({
      sync_state: () => offlineSync(),
      dotloop_status: () => card(CONNECTED, { offline: true }),
    });
    expect(await screen.findByTestId("dotloop-as-of")).toHaveTextContent("as of");
    expect(screen.getByTestId("dotloop-account")).toHaveTextContent("Acme Realty");
    for (const action of ["dotloop-sync", "dotloop-disconnect"]) {
      expect(screen.getByTestId(action)).toBeDisabled();
      expect(screen.getByTestId(action)).toHaveAttribute("title", expect.stringContaining("Needs a connection"));
    }
    expect(screen.getByTestId("dotloop-offline-hint")).toHaveTextContent("kept and run by the server");
  });

  it("is not shown, nor asked for, where Dotloop may not be managed (a support session)", async () => {
    const calls = await settingsWith({ dotloop_status: () => card(CONNECTED) }, supportAsAdmin());
    await screen.findByTestId("settings-timezone");
    expect(screen.queryByTestId("dotloop-card")).not.toBeInTheDocument();
    expect(calls.some((c) => c.cmd === "dotloop_status")).toBe(false);
  });
});
