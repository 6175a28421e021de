import { createContext, useContext } from "react";
import type { ErrorBody } from "../bindings/ErrorBody";
import type { SignedIn } from "../bindings/SignedIn";
import type { Actor } from "../lib/permissions";

export type SessionState =
  | { status: "restoring" }
  | { status: "signed_out"; error: ErrorBody | null }
  /** `notice` says why the app moved here by itself (a support session ran out). */
  | { status: "signed_in"; signedIn: SignedIn; notice: ErrorBody | null };

export interface Session {
  state: SessionState;
  /** Called with what a sign-in, or a support session opening or ending, returned. */
  enter: (signedIn: SignedIn) => void;
  /** After the shell has signed out (and shredded the cache). */
  leave: () => void;
  /** The person has read the notice. */
  dismissNotice: () => void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession must be used inside <SessionProvider>.");
  return session;
}

/** The signed-in identity; only for screens that render when someone is signed in. */
export function useSignedIn(): SignedIn {
  const { state } = useSession();
  if (state.status !== "signed_in") throw new Error("Nobody is signed in.");
  return state.signedIn;
}

/** Who acts inside a tenant, or null for platform staff in the staff view. */
export function actorOf(signedIn: SignedIn): Actor | null {
  switch (signedIn.kind) {
    case "member":
      return { role: signedIn.user.role, support: false };
    case "support":
      return { role: signedIn.role, support: true };
    case "staff":
      return null;
  }
}

/** The acting role inside a tenant; screens under the tenant routes only. */
export function useActor(): Actor {
  const actor = actorOf(useSignedIn());
  if (!actor) throw new Error("Platform staff act in a tenant only through a support session.");
  return actor;
}
