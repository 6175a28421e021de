import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import { onSessionEnded, restoreSession } from "./api";
import { toErrorBody } from "../api/commands";
import type { ErrorBody } from "../bindings/ErrorBody";
import type { SignedIn } from "../bindings/SignedIn";
import { useAppEvent } from "../hooks/useAppEvent";
import { SessionContext, type SessionState } from "./SessionContext";

/**
 * Asks the shell once, at launch, whether it could sign in silently from the keychain,
 * and then tracks who is signed in, including the changes the shell makes by itself
 * (access lost, a support session or staff sign-in running out). Changing identity
 * drops every cached query, so one tenant's data can never show under another.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<SessionState>({ status: "restoring" });

  useEffect(() => {
    let live = true;
    restoreSession().then(
      (signedIn) => {
        if (!live) return;
        setState(signedIn ? { status: "signed_in", signedIn, notice: null } : { status: "signed_out", error: null });
      },
      (e: unknown) => live && setState({ status: "signed_out", error: toErrorBody(e) }),
    );
    return () => {
      live = false;
    };
  }, []);

  const move = useCallback(
    (signedIn: SignedIn | null, why: ErrorBody | null) => {
      queryClient.clear();
      if (signedIn) {
        // A new identity starts on its own first page, not wherever the last one was.
        window.location.hash = "";
        setState({ status: "signed_in", signedIn, notice: why });
      } else {
        setState({ status: "signed_out", error: why });
      }
    },
    [queryClient],
  );
  const enter = useCallback((signedIn: SignedIn) => move(signedIn, null), [move]);
  const leave = useCallback(() => move(null, null), [move]);
  const dismissNotice = useCallback(
    () => setState((s) => (s.status === "signed_in" ? { ...s, notice: null } : s)),
    [],
  );

  useAppEvent(onSessionEnded, (ended) => move(ended.signedIn, ended.reason));

  const session = useMemo(() => ({ state, enter, leave, dismissNotice }), [state, enter, leave, dismissNotice]);
  return <SessionContext value={session}>{children}</SessionContext>;
}
