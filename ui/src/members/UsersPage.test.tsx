import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { emit } from "@tauri-apps/api/event";
import { describe, expect, it } from "vitest";
import type { InvitationSummary } from "../bindings/InvitationSummary";
import { SYNC_STATE_EVENT } from "../sync/api";
import type { RejectedEdit } from "../bindings/RejectedEdit";
import type { SyncUpdate } from "../bindings/SyncUpdate";
import { renderSignedIn } from "../test/app";
import { TEAM, edited, memberSignedIn, offlineSync, revocable, user } from "../test/fixtures";

const invitation: InvitationSummary = {
  id: "inv-1",
  email: "new@harbourrealty.example",
  role: "agent",
  status: "pending",
  invitedBy: "u-1",
  createdAt: "2025-03-14T09:00:00Z",
  expiresAt: "2025-03-21T09:00:00Z",
};

const invitationLink = {
  invitation,
  inviteUrl: "http://127.0.0.1:8080/invite/bdi.harbour.secret",
};

/** The commands the Users page reads with, the team all synced. */
const reads = {
  member_rows: () => TEAM.map((u) => edited(u)),
  list_invitations: () => [],
  rejected_edits: () => [],
};

const row = (email: string) => {
  const table = screen.getByTestId("members-table");
  const cell = within(table).getByText(email);
  return cell.closest("[role='row']") as HTMLElement;
};

describe("users", () => {
  it("lists members with role, status, last sign-in and MFA", async () => {
    await renderSignedIn(memberSignedIn("owner"), "#/users", reads);
    await screen.findByText("sam@harbourrealty.example");
    const owner = row("dana@harbourrealty.example");
    expect(owner).toHaveTextContent("Owner");
    expect(owner).toHaveTextContent("Active");
    expect(owner).toHaveTextContent("Never");
    expect(within(owner).getByText("On")).toBeInTheDocument();
    expect(owner).not.toHaveTextContent("Pending sync");
  });

  it("invites a user and shows the link once", async () => {
    const calls = await renderSignedIn(memberSignedIn("owner"), "#/users", {
      ...reads,
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

  it("changes a role through the dialog and shows it pending until synced", async () => {
    let ava = TEAM[2]!;
    let pending = false;
    const calls = await renderSignedIn(memberSignedIn("owner"), "#/users", {
      ...reads,
      member_rows: () =>
        TEAM.map((u) =>
          u.id === ava.id && pending ? edited(ava, { edit: "pending", pendingFields: ["role"] }) : edited(u),
        ),
      change_role: () => {
        ava = { ...ava, role: "viewer" };
        pending = true;
        return ava;
      },
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
    // The list is read again from the cache, where the edit waits for the server.
    await waitFor(() => expect(row("ava@harbourrealty.example")).toHaveTextContent("Viewer · pending"));
    expect(screen.getByTestId("member-edit-ava@harbourrealty.example")).toHaveTextContent("Pending sync");
  });

  it("shows a refusal as a readable message in the dialog", async () => {
    await renderSignedIn(memberSignedIn("owner"), "#/users", {
      ...reads,
      change_role: () => {
        throw { code: "invalid_user_change", message: "The change to the member cannot be read." };
      },
    });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("change-role-ava@harbourrealty.example"));
    await user.click(screen.getByTestId("change-role-dialog-confirm"));
    const dialog = screen.getByTestId("change-role-dialog");
    expect(await within(dialog).findByText("The change to the member cannot be read.")).toBeInTheDocument();
    expect(dialog).not.toHaveTextContent("{");
  });

  it("shows an edit the server refused, with its reason, until dismissed", async () => {
    const refused: RejectedEdit = {
      mutationId: "0190a000-0000-7000-8000-00000000f001",
      entity: "user",
      entityId: "id-dana@harbourrealty.example",
      op: "update",
      changes: { role: "admin" },
      code: "last_owner",
      message: "A brokerage needs at least one active owner. Make someone else an owner first.",
      createdAt: "2025-03-14T09:30:00Z",
    };
    let rejected = [refused];
    const calls = await renderSignedIn(memberSignedIn("owner"), "#/users", {
      ...reads,
      member_rows: () =>
        TEAM.map((u) => (u.email.startsWith("dana") ? edited(u, { edit: "rejected" }) : edited(u))),
      rejected_edits: () => rejected,
      dismiss_rejected_edit: () => {
        rejected = [];
      },
      audit_trail: () => [],
    });
    const notice = await screen.findByTestId("rejected-edits");
    expect(notice).toHaveTextContent("Making dana@harbourrealty.example Admin");
    expect(notice).toHaveTextContent("A brokerage needs at least one active owner.");
    // The row shows the server's value again, marked as refused.
    expect(row("dana@harbourrealty.example")).toHaveTextContent("Owner");
    expect(screen.getByTestId("member-edit-dana@harbourrealty.example")).toHaveTextContent("Edit rejected");
    expect(calls.find((c) => c.cmd === "rejected_edits")?.args).toEqual({ entities: ["user", "invitation"] });

    await userEvent.setup().click(within(notice).getByRole("button", { name: "Dismiss" }));
    await waitFor(() => expect(screen.queryByTestId("rejected-edits")).not.toBeInTheDocument());
    expect(calls.find((c) => c.cmd === "dismiss_rejected_edit")?.args).toEqual({ mutationId: refused.mutationId });
  });

  it("reactivates a deactivated member", async () => {
    const gone = user("lee@harbourrealty.example", "agent", { status: "deactivated" });
    const calls = await renderSignedIn(memberSignedIn("admin"), "#/users", {
      ...reads,
      member_rows: () => [...TEAM, gone].map((u) => edited(u)),
      reactivate_user: () => ({ ...gone, status: "active" }),
      audit_trail: () => [],
    });
    const user_ = userEvent.setup();
    expect(await screen.findByTestId("reactivate-lee@harbourrealty.example")).toBeInTheDocument();
    expect(screen.queryByTestId("deactivate-lee@harbourrealty.example")).not.toBeInTheDocument();
    await user_.click(screen.getByTestId("reactivate-lee@harbourrealty.example"));
    await user_.click(screen.getByTestId("reactivate-dialog-confirm"));
    await waitFor(() => expect(screen.queryByTestId("reactivate-dialog")).not.toBeInTheDocument());
    expect(calls.find((c) => c.cmd === "reactivate_user")?.args).toEqual({ userId: gone.id });
  });

  it("offline, disables what needs the server and still queues a revocation", async () => {
    const open = revocable(invitation);
    const calls = await renderSignedIn(memberSignedIn("owner"), "#/users", {
      ...reads,
      sync_state: () => offlineSync({ pendingEdits: 1 }),
      list_invitations: open.list,
      revoke_invitation: open.revoke,
      audit_trail: () => [],
    });
    await waitFor(() => expect(screen.getByTestId("invite-open")).toBeDisabled());
    expect(screen.getByTestId("invite-open")).toHaveAttribute("title", expect.stringContaining("Needs a connection"));
    expect(screen.getByTestId("invite-offline")).toHaveTextContent("Inviting and resending need a connection");
    const user = userEvent.setup();
    await user.click(screen.getByTestId("tab-invitations"));
    expect(await screen.findByTestId("resend-new@harbourrealty.example")).toBeDisabled();
    await user.click(screen.getByTestId("revoke-new@harbourrealty.example"));
    await user.click(screen.getByTestId("revoke-dialog-confirm"));
    expect(await screen.findByTestId("invitation-revoking-new@harbourrealty.example")).toHaveTextContent(
      "Revoke pending sync",
    );
    expect(screen.queryByTestId("revoke-new@harbourrealty.example")).not.toBeInTheDocument();
    expect(calls.find((c) => c.cmd === "revoke_invitation")?.args).toEqual({ invitationId: "inv-1" });
  });

  it("reads the members again once the first sync has filled the cache", async () => {
    let synced = false;
    await renderSignedIn(memberSignedIn("owner"), "#/users", {
      ...reads,
      // Signed in just now: the engine is pulling into an empty cache.
      sync_state: () => offlineSync({ phase: "pulling", online: true, lastSyncedAt: null, error: null }),
      member_rows: () => (synced ? TEAM.map((u) => edited(u)) : []),
    });
    expect(await screen.findByText("No members yet.")).toBeInTheDocument();
    synced = true;
    const update: SyncUpdate = {
      state: offlineSync({ phase: "waiting", online: true, lastSyncedAt: "2025-03-14T09:30:00Z", error: null }),
      dataChanged: true,
    };
    await act(() => emit(SYNC_STATE_EVENT, update));
    expect(await screen.findByText("sam@harbourrealty.example")).toBeInTheDocument();
  });

  it("reads the members again when the first sync finished before the shell listened", async () => {
    // The engine's first sync (and its event, sent to nobody) filled the cache right
    // after the screen's first read and before the shell started listening.
    let filled = false;
    await renderSignedIn(memberSignedIn("owner"), "#/users", {
      ...reads,
      sync_state: () => offlineSync({ phase: "waiting", online: true, lastSyncedAt: "2025-03-14T09:30:00Z", error: null }),
      member_rows: () => {
        const rows = filled ? TEAM.map((u) => edited(u)) : [];
        filled = true;
        return rows;
      },
    });
    expect(await screen.findByText("sam@harbourrealty.example")).toBeInTheDocument();
  });

  it("gives an admin no actions on the owner", async () => {
    await renderSignedIn(memberSignedIn("admin"), "#/users", reads);
    await screen.findByText("dana@harbourrealty.example");
    expect(screen.queryByTestId("change-role-dana@harbourrealty.example")).not.toBeInTheDocument();
    expect(screen.getByTestId("change-role-ava@harbourrealty.example")).toBeInTheDocument();
  });

  it("shows agents the list without invite or member actions", async () => {
    const calls = await renderSignedIn(memberSignedIn("agent"), "#/users", {
      member_rows: reads.member_rows,
      rejected_edits: reads.rejected_edits,
    });
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
