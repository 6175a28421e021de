import type { Edited } from "../bindings/Edited";
import type { InvitationLink } from "../bindings/InvitationLink";
import type { InvitationSummary } from "../bindings/InvitationSummary";
import type { InviteRequest } from "../bindings/InviteRequest";
import type { Role } from "../bindings/Role";
import type { UserSummary } from "../bindings/UserSummary";
import { call } from "../api/commands";

// Reads come from the copy kept on this computer, with each record's pending edits.
// Role changes, deactivation, reactivation and revoking an invitation are queued there
// and synced, so they work offline; inviting and resending need the server.
export const listUsers = () => call<UserSummary[]>("list_users");
export const memberRows = () => call<Edited<UserSummary>[]>("member_rows");
export const listInvitations = () => call<Edited<InvitationSummary>[]>("list_invitations");
export const inviteUser = (request: InviteRequest) =>
  call<InvitationLink>("invite_user", { request });
export const changeRole = (userId: string, role: Role) =>
  call<UserSummary>("change_role", { userId, role });
export const deactivateUser = (userId: string) =>
  call<UserSummary>("deactivate_user", { userId });
export const reactivateUser = (userId: string) =>
  call<UserSummary>("reactivate_user", { userId });
export const resendInvitation = (invitationId: string) =>
  call<InvitationLink>("resend_invitation", { invitationId });
export const revokeInvitation = (invitationId: string) =>
  call<void>("revoke_invitation", { invitationId });
