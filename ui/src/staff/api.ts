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
