import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { SessionEnded } from "../bindings/SessionEnded";
import type { SignInRequest } from "../bindings/SignInRequest";
import type { SignedIn } from "../bindings/SignedIn";
import type { StaffSignInRequest } from "../bindings/StaffSignInRequest";
import { call } from "../api/commands";

/** The server answers a password-only sign-in of an MFA account with this code. */
export const MFA_REQUIRED = "mfa_required";

/** The shell emits this when a session ends without being asked: access lost, time up. */
export const SESSION_ENDED_EVENT = "session-ended";

/** Who the app is signed in as, after the silent sign-in from the keychain at launch. */
export const restoreSession = () => call<SignedIn | null>("restore_session");

export const signIn = (serverUrl: string, request: SignInRequest) =>
  call<SignedIn>("sign_in", { serverUrl, request });

export const staffSignIn = (serverUrl: string, request: StaffSignInRequest) =>
  call<SignedIn>("staff_sign_in", { serverUrl, request });

/** Signs out and deletes this tenant's cache and its key. */
export const signOut = () => call<void>("sign_out");

export const onSessionEnded = (handler: (ended: SessionEnded) => void): Promise<UnlistenFn> =>
  listen<SessionEnded>(SESSION_ENDED_EVENT, (event) => handler(event.payload));
