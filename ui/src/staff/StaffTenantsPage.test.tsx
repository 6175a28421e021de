import { act, screen } from "@testing-library/react";
import { emit } from "@tauri-apps/api/event";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { SESSION_ENDED_EVENT } from "../session/api";
import type { SessionEnded } from "../bindings/SessionEnded";
import type { SignedIn } from "../bindings/SignedIn";
import { renderSignedIn } from "../test/app";
import { SERVER_URL, TEAM, defaultSettings, edited, memberSignedIn } from "../test/fixtures";

const STAFF: SignedIn = { kind: "staff", serverUrl: SERVER_URL, displayName: "Pat Support" };
const harbour = memberSignedIn().kind === "member" ? memberSignedIn() : null;
const TENANT = (harbour as Extract<SignedIn, { kind: "member" }>).tenant;
const REASON = "Owner asked why an invitation email never arrived";

function supportSignedIn(expiresInMs: number): SignedIn {
  return {
    kind: "support",
    serverUrl: SERVER_URL,
    tenant: TENANT,
    role: "admin",
    session: {
      id: "ss-1",
      tenantId: TENANT.id,
      staffDisplay: "Pat Support",
      reason: REASON,
      ticket: "SUP-2001",
      startedAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + expiresInMs).toISOString(),
      endedAt: null,
    },
  };
}

describe("platform staff", () => {
  it("opens a tenant as support only with a reason of 15 characters, then shows the banner", async () => {
    const calls = await renderSignedIn(STAFF, "", {
      staff_tenants: () => [{ tenant: TENANT, users: 3, createdAt: "2025-01-01T00:00:00Z" }],
      pending_deletions: () => [],
      open_support_session: () => supportSignedIn(3_600_000),
      list_users: () => TEAM,
      list_invitations: () => [],
    });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("open-support-harbour"));
    await user.type(screen.getByTestId("support-reason"), "help please");
    expect(screen.getByTestId("support-submit")).toBeDisabled();
    expect(screen.getByTestId("support-reason-hint")).toHaveTextContent("At least 4 more characters.");
    await user.clear(screen.getByTestId("support-reason"));
    await user.type(screen.getByTestId("support-reason"), REASON);
    await user.type(screen.getByTestId("support-ticket"), "SUP-2001");
    await user.click(screen.getByTestId("support-submit"));

    const banner = await screen.findByTestId("support-banner");
    expect(banner).toHaveTextContent("Support session in Harbour Realty");
    expect(banner).toHaveTextContent(REASON);
    expect(banner).toHaveTextContent(/(59|60):\d\d left/);
    expect(calls.find((c) => c.cmd === "open_support_session")?.args).toEqual({
      request: { tenantId: TENANT.id, reason: REASON, ticket: "SUP-2001" },
    });
    // Support acts as an admin without the secrets: no provider or API keys.
    expect(screen.queryByTestId("sign-out")).not.toBeInTheDocument();
  });

  it("gives a support session an admin's screens without the secrets", async () => {
    await renderSignedIn(supportSignedIn(3_600_000), "#/settings", {
      tenant_settings: () => edited(defaultSettings()),
      rejected_edits: () => [],
    });
    expect(await screen.findByTestId("settings-timezone")).toBeEnabled();
    expect(screen.queryByTestId("provider-openai")).not.toBeInTheDocument();
    expect(screen.queryByTestId("api-key-create-open")).not.toBeInTheDocument();
    expect(screen.getByTestId("header-role")).toHaveTextContent("Support · Admin");
  });

  it("ends the session from the banner and returns to the staff view", async () => {
    const calls = await renderSignedIn(supportSignedIn(3_600_000), "#/users", {
      member_rows: () => TEAM.map((u) => edited(u)),
      list_invitations: () => [],
      rejected_edits: () => [],
      end_support_session: () => STAFF,
      staff_tenants: () => [],
      pending_deletions: () => [],
    });
    await userEvent.setup().click(screen.getByTestId("support-end"));
    expect(await screen.findByTestId("header-role")).toHaveTextContent("Platform staff");
    expect(screen.queryByTestId("support-banner")).not.toBeInTheDocument();
    expect(calls.filter((c) => c.cmd === "end_support_session")).toHaveLength(1);
  });

  it("goes to the sign-in screen when ending finds the staff sign-in run out too", async () => {
    await renderSignedIn(supportSignedIn(3_600_000), "#/users", {
      list_users: () => TEAM,
      list_invitations: () => [],
      end_support_session: () => null,
    });
    await userEvent.setup().click(screen.getByTestId("support-end"));
    expect(await screen.findByTestId("signin-form")).toBeInTheDocument();
  });

  it("follows the shell when a session runs out: staff view, with the reason shown", async () => {
    await renderSignedIn(supportSignedIn(3_600_000), "#/users", {
      list_users: () => TEAM,
      list_invitations: () => [],
      staff_tenants: () => [],
      pending_deletions: () => [],
    });
    const ended: SessionEnded = {
      reason: { code: "support_session_ended", message: "The support session in Harbour Realty has run out." },
      signedIn: STAFF,
    };
    await act(() => emit(SESSION_ENDED_EVENT, ended));
    expect(await screen.findByTestId("header-role")).toHaveTextContent("Platform staff");
    expect(screen.queryByTestId("support-banner")).not.toBeInTheDocument();
    expect(screen.getByTestId("session-notice")).toHaveTextContent("has run out");
    await userEvent.setup().click(screen.getByTestId("session-notice-dismiss"));
    expect(screen.queryByTestId("session-notice")).not.toBeInTheDocument();
  });

  it("returns to the sign-in screen, saying why, when the staff sign-in runs out", async () => {
    await renderSignedIn(STAFF, "", { staff_tenants: () => [], pending_deletions: () => [] });
    const ended: SessionEnded = {
      reason: { code: "staff_session_expired", message: "Your platform staff sign-in has run out." },
      signedIn: null,
    };
    await act(() => emit(SESSION_ENDED_EVENT, ended));
    expect(await screen.findByTestId("signin-error")).toHaveTextContent("Your platform staff sign-in has run out.");
    expect(screen.queryByTestId("header-identity")).not.toBeInTheDocument();
  });
});
