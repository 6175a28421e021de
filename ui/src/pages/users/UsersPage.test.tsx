import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { renderSignedIn } from "../../test/app";
import { TEAM, memberSignedIn } from "../../test/fixtures";

const invitationLink = {
  invitation: {
    id: "inv-1",
    email: "new@harbourrealty.example",
    role: "agent",
    status: "pending",
    invitedBy: "u-1",
    createdAt: "2025-03-14T09:00:00Z",
    expiresAt: "2025-03-21T09:00:00Z",
  },
  inviteUrl: "http://127.0.0.1:8080/invite/bdi.harbour.secret",
};

const row = (email: string) => {
  const table = screen.getByTestId("members-table");
  const cell = within(table).getByText(email);
  return cell.closest("[role='row']") as HTMLElement;
};

describe("users", () => {
  it("lists members with role, status, last sign-in and MFA", async () => {
    await renderSignedIn(memberSignedIn("owner"), "#/users", {
      list_users: () => TEAM,
      list_invitations: () => [],
    });
    await screen.findByText("sam@harbourrealty.example");
    const owner = row("dana@harbourrealty.example");
    expect(owner).toHaveTextContent("Owner");
    expect(owner).toHaveTextContent("Active");
    expect(owner).toHaveTextContent("Never");
    expect(within(owner).getByText("On")).toBeInTheDocument();
  });

  it("invites a user and shows the link once", async () => {
    const calls = await renderSignedIn(memberSignedIn("owner"), "#/users", {
      list_users: () => TEAM,
      list_invitations: () => [],
      invite_user: () => invitationLink,
    });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("invite-open"));
    await user.type(screen.getByTestId("invite-email"), "new@harbourrealty.example");
    await user.selectOptions(screen.getByTestId("invite-role"), "agent");
    await user.click(screen.getByTestId("invite-submit"));

    expect(await screen.findByTestId("invite-link")).toHaveValue(invitationLink.inviteUrl);
    expect(calls.find((c) => c.cmd === "invite_user")?.args).toEqual({
      request: { email: "new@harbourrealty.example", role: "agent" },
    });
  });

  it("changes a role through the dialog", async () => {
    const calls = await renderSignedIn(memberSignedIn("owner"), "#/users", {
      list_users: () => TEAM,
      list_invitations: () => [],
      change_role: () => ({ ...TEAM[2], role: "viewer" }),
      audit_trail: () => [],
    });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("change-role-ava@harbourrealty.example"));
    await user.selectOptions(screen.getByTestId("change-role-select"), "viewer");
    await user.click(screen.getByTestId("change-role-dialog-confirm"));
    await waitFor(() => expect(screen.queryByTestId("change-role-dialog")).not.toBeInTheDocument());
    expect(calls.find((c) => c.cmd === "change_role")?.args).toEqual({
      userId: "id-ava@harbourrealty.example",
      role: "viewer",
    });
  });

  it("shows a refusal as a readable message in the dialog", async () => {
    await renderSignedIn(memberSignedIn("owner"), "#/users", {
      list_users: () => TEAM,
      list_invitations: () => [],
      change_role: () => {
        throw { code: "last_owner", message: "A brokerage always keeps one active owner." };
      },
    });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("change-role-ava@harbourrealty.example"));
    await user.click(screen.getByTestId("change-role-dialog-confirm"));
    const dialog = screen.getByTestId("change-role-dialog");
    expect(await within(dialog).findByText("A brokerage always keeps one active owner.")).toBeInTheDocument();
    expect(dialog).not.toHaveTextContent("{");
  });

  it("gives an admin no actions on the owner, and an agent none at all", async () => {
    await renderSignedIn(memberSignedIn("admin"), "#/users", {
      list_users: () => TEAM,
      list_invitations: () => [],
    });
    await screen.findByText("dana@harbourrealty.example");
    expect(screen.queryByTestId("change-role-dana@harbourrealty.example")).not.toBeInTheDocument();
    expect(screen.getByTestId("change-role-ava@harbourrealty.example")).toBeInTheDocument();
  });

  it("shows agents the list without invite or member actions", async () => {
    const calls = await renderSignedIn(memberSignedIn("agent"), "#/users", { list_users: () => TEAM });
    await screen.findByText("dana@harbourrealty.example");
    expect(screen.queryByTestId("invite-open")).not.toBeInTheDocument();
    expect(screen.queryByText("Change role")).not.toBeInTheDocument();
    expect(screen.queryByText("Deactivate")).not.toBeInTheDocument();
    // Agents may not list invitations, so the app does not ask.
    expect(calls.some((c) => c.cmd === "list_invitations")).toBe(false);
    const nav = screen.getByRole("navigation", { name: "Main" });
    expect(within(nav).queryByText("Audit trail")).not.toBeInTheDocument();
  });
});
