import type { InvitationLink } from "../bindings/InvitationLink";
import type { InvitationSummary } from "../bindings/InvitationSummary";
import type { InviteRequest } from "../bindings/InviteRequest";
import type { Role } from "../bindings/Role";
import type { UserSummary } from "../bindings/UserSummary";
import { call } from "./commands";

export const listUsers = () => call<UserSummary[]>("list_users");
export const listInvitations = () => call<InvitationSummary[]>("list_invitations");
export const inviteUser = (request: InviteRequest) =>
  call<InvitationLink>("invite_user", { request });
export const changeRole = (userId: string, role: Role) =>
  call<UserSummary>("change_role", { userId, role });
export const deactivateUser = (userId: string) =>
  call<UserSummary>("deactivate_user", { userId });
export const resendInvitation = (invitationId: string) =>
  call<InvitationLink>("resend_invitation", { invitationId });
export const revokeInvitation = (invitationId: string) =>
  call<InvitationSummary>("revoke_invitation", { invitationId });
