import type { OpenSupportSessionRequest } from "../bindings/OpenSupportSessionRequest";
import type { SignedIn } from "../bindings/SignedIn";
import type { StaffTenantView } from "../bindings/StaffTenantView";
import { call } from "./commands";

export const staffTenants = (query: string) =>
  call<StaffTenantView[]>("staff_tenants", { query });
/**
 * Opens the tenant as support; the app then acts inside it until the session ends.
 * `subdomain` lets the shell look the tenant up again from the server.
 */
export const openSupportSession = (request: OpenSupportSessionRequest, subdomain: string) =>
  call<SignedIn>("open_support_session", { request, subdomain });
/** Ends the support session, deletes its cache and returns to the staff view. */
export const endSupportSession = () => call<SignedIn>("end_support_session");
