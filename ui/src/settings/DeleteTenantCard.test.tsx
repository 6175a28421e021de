import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { SignedIn } from "../bindings/SignedIn";
import type { TenantDeletionState } from "../bindings/TenantDeletionState";
import { renderSignedIn } from "../test/app";
import { defaultSettings, edited, memberSignedIn } from "../test/fixtures";

const ACTIVE: TenantDeletionState = { status: "active", requestedAt: null, requestedBy: null, dueAt: null, held: false };
const PENDING: TenantDeletionState = {
  status: "pending_deletion",
  requestedAt: "2026-12-03T10:00:00Z",
  requestedBy: "0190a000-0000-7000-8000-000000000001",
  dueAt: "2027-01-02T10:00:00Z",
  held: false,
};

const settingsPage = {
  tenant_settings: () => edited(defaultSettings()),
  provider_keys: () => [],
  api_keys: () => [],
  rejected_edits: () => [],
  audit_trail: () => [],
  dotloop_status: () => ({ status: { configured: false, connected: false, status: null, account: null, connectedAt: null, latestRun: null, lastSuccessfulRun: null }, seenAt: "2025-03-01T00:00:00Z", offline: false }),
};

function pendingSignedIn(role: "owner" | "agent"): SignedIn {
  const signedIn = memberSignedIn(role);
  if (signedIn.kind !== "member") throw new Error("a member");
  return { ...signedIn, tenant: { ...signedIn.tenant, status: "pending_deletion" } };
}

describe("deleting the brokerage", () => {
  it("asks the owner for the password and the code, then shows the date and a way back", async () => {
    let state = ACTIVE;
    const calls = await renderSignedIn(memberSignedIn("owner"), "#/settings", {
      ...settingsPage,
      tenant_deletion: () => state,
      request_tenant_deletion: () => {
        state = PENDING;
        return PENDING;
      },
      cancel_tenant_deletion: () => {
        state = ACTIVE;
        return ACTIVE;
      },
    });
    const card = await screen.findByTestId("delete-tenant-card");
    // The card is there while its state loads ("Loading…"); its text comes after.
    await waitFor(() => expect(card).toHaveTextContent("30 days"));
    expect(card).toHaveTextContent("read-only");
    const user = userEvent.setup();
    await user.click(within(card).getByTestId("delete-tenant-open"));
    const confirm = screen.getByTestId("delete-tenant-confirm");
    expect(confirm).toBeDisabled();
    await user.type(screen.getByTestId("delete-tenant-password"), "copper-lantern");
    // The demo owner has two-step sign-in on: the code is required too.
    expect(confirm).toBeDisabled();
    await user.type(screen.getByTestId("delete-tenant-code"), "123456");
    await user.click(confirm);

    const pending = await screen.findByTestId("deletion-pending");
    expect(pending).toHaveTextContent("2027");
    expect(calls.find((c) => c.cmd === "request_tenant_deletion")?.args).toEqual({
      request: { password: "copper-lantern", mfaCode: "123456" },
    });
    // The banner across the page says so too, with the same way back.
    expect(await screen.findByTestId("deletion-banner")).toHaveTextContent("read-only");
    await user.click(screen.getByTestId("deletion-cancel"));
    await waitFor(() => expect(screen.queryByTestId("deletion-pending")).not.toBeInTheDocument());
    expect(screen.queryByTestId("deletion-banner")).not.toBeInTheDocument();
    expect(calls.some((c) => c.cmd === "cancel_tenant_deletion")).toBe(true);
  });

  it("shows why a wrong password is refused and leaves the brokerage as it was", async () => {
    await renderSignedIn(memberSignedIn("owner"), "#/settings", {
      ...settingsPage,
      tenant_deletion: () => ACTIVE,
      request_tenant_deletion: () => {
        throw { code: "wrong_password", message: "The password is not right." };
      },
    });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("delete-tenant-open"));
    await user.type(screen.getByTestId("delete-tenant-password"), "nope");
    await user.type(screen.getByTestId("delete-tenant-code"), "000000");
    await user.click(screen.getByTestId("delete-tenant-confirm"));
    expect(await screen.findByTestId("delete-tenant-error")).toHaveTextContent("The password is not right.");
    expect(screen.queryByTestId("deletion-pending")).not.toBeInTheDocument();
  });

  it("is the owner's alone: an admin has no danger zone", async () => {
    const calls = await renderSignedIn(memberSignedIn("admin"), "#/settings", settingsPage);
    await screen.findByTestId("settings-timezone");
    expect(screen.queryByTestId("delete-tenant-card")).not.toBeInTheDocument();
    expect(calls.some((c) => c.cmd === "tenant_deletion")).toBe(false);
  });

  it("shows every member of a pending brokerage the date, and only the owner the cancel button", async () => {
    await renderSignedIn(pendingSignedIn("agent"), "#/overview", { tenant_deletion: () => PENDING });
    const banner = await screen.findByTestId("deletion-banner");
    expect(banner).toHaveTextContent("2027");
    expect(within(banner).queryByTestId("deletion-banner-cancel")).not.toBeInTheDocument();
  });
});
