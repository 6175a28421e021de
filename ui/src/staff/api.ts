import type { PendingDeletion } from "../bindings/PendingDeletion";
import type { OpenSupportSessionRequest } from "../bindings/OpenSupportSessionRequest";
import type { SignedIn } from "../bindings/SignedIn";
import type { StaffTenantView } from "../bindings/StaffTenantView";
import { call } from "../api/commands";

export const staffTenants = (query: string) =>
  call<StaffTenantView[]>("staff_tenants", { query });
/** Opens the tenant as support; the app then acts inside it until the session ends. */
export const openSupportSession = (request: OpenSupportSessionRequest) =>
  call<SignedIn>("open_support_session", { request });
/**
 * Ends the support session and deletes its cache. Answers the staff view, or null when
 * the staff sign-in has run out too (then the sign-in screen follows).
 */
export const endSupportSession = () => call<SignedIn | null>("end_support_session");
/** Brokerages pending deletion, soonest first, with any hold. */
export const pendingDeletions = () => call<PendingDeletion[]>("pending_deletions");
/** Holds a pending deletion so it is not purged; the reason goes to both trails. */
export const holdDeletion = ({ tenantId, reason }: { tenantId: string; reason: string }) =>
  call<void>("hold_deletion", { tenantId, reason });
export const releaseDeletionHold = (tenantId: string) => call<void>("release_deletion_hold", { tenantId });
