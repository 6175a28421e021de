import type { SignInRequest } from "../bindings/SignInRequest";
import type { SignedIn } from "../bindings/SignedIn";
import type { StaffSignInRequest } from "../bindings/StaffSignInRequest";
import { call } from "./commands";

/** The server answers a password-only sign-in of an MFA account with this code. */
export const MFA_REQUIRED = "mfa_required";

/** Who the app is signed in as, after the silent sign-in from the keychain at launch. */
export const restoreSession = () => call<SignedIn | null>("restore_session");

export const signIn = (serverUrl: string, request: SignInRequest) =>
  call<SignedIn>("sign_in", { serverUrl, request });

export const staffSignIn = (serverUrl: string, request: StaffSignInRequest) =>
  call<SignedIn>("staff_sign_in", { serverUrl, request });

/** Signs out and deletes this tenant's cache and its key. */
export const signOut = () => call<void>("sign_out");
