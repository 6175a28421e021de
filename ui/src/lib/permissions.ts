import matrixJson from "../bindings/permissionMatrix.json";
import type { Permission } from "../bindings/Permission";
import type { PermissionMatrix } from "../bindings/PermissionMatrix";
import type { Role } from "../bindings/Role";

// Generated from crates/core/src/permission.rs, the same table the server enforces,
// so the app never offers an action the API would refuse.
const MATRIX = matrixJson as PermissionMatrix;

/** Who is acting: a role, and whether it is platform staff in a support session. */
export interface Actor {
  role: Role;
  support: boolean;
}

function entry(role: Role) {
  const found = MATRIX.roles.find((r) => r.role === role);
  if (!found) throw new Error(`The permission matrix has no role ${role}.`);
  return found;
}

export function can(actor: Actor, permission: Permission): boolean {
  if (actor.support && MATRIX.deniedInSupportSession.includes(permission)) return false;
  return entry(actor.role).permissions.includes(permission);
}

/** The roles `actor` may give to someone (`Role::can_assign`, and support never touches owners). */
export function assignableRoles(actor: Actor): Role[] {
  return entry(actor.role).assignableRoles.filter((r) => !(actor.support && r === "owner"));
}

/** Moving a member between roles needs authority over both (`Role::can_change_role`). */
export function canChangeRole(actor: Actor, from: Role, to: Role): boolean {
  const roles = assignableRoles(actor);
  return roles.includes(from) && roles.includes(to);
}

/** Deactivating a member needs authority over their role. */
export function canManageMember(actor: Actor, memberRole: Role): boolean {
  return can(actor, "manage_users") && assignableRoles(actor).includes(memberRole);
}

export const ROLE_LABELS: Record<Role, string> = {
  owner: "Owner",
  admin: "Admin",
  agent: "Agent",
  viewer: "Viewer",
};
