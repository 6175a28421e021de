import type { Edited } from "../bindings/Edited";
import type { InvitationSummary } from "../bindings/InvitationSummary";
import type { RejectedEdit } from "../bindings/RejectedEdit";
import type { Role } from "../bindings/Role";
import type { UserSummary } from "../bindings/UserSummary";
import { ROLE_LABELS } from "../lib/permissions";

/** A refused edit of a member or an invitation, in words, naming whom it was about. */
export function describeUserEdit(
  edit: RejectedEdit,
  users: Edited<UserSummary>[] = [],
  invitations: Edited<InvitationSummary>[] = [],
): string {
  if (edit.entity === "invitation") {
    const invitation = invitations.find((i) => i.record.id === edit.entityId);
    return `Revoking the invitation for ${invitation?.record.email ?? "someone"}`;
  }
  const who = users.find((u) => u.record.id === edit.entityId)?.record.email ?? "a member";
  const role = edit.changes.role as Role | undefined;
  if (role) return `Making ${who} ${ROLE_LABELS[role] ?? role}`;
  return edit.changes.status === "active" ? `Reactivating ${who}` : `Deactivating ${who}`;
}
