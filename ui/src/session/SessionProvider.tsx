import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import { restoreSession } from "../api/auth";
import { toErrorBody } from "../api/commands";
import type { SignedIn } from "../bindings/SignedIn";
import { SessionContext, type SessionState } from "./SessionContext";

/**
 * Asks the shell once, at launch, whether it could sign in silently from the keychain,
 * and then tracks who is signed in. Changing identity drops every cached query, so one
 * tenant's data can never show under another.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<SessionState>({ status: "restoring" });

  useEffect(() => {
    let live = true;
    restoreSession().then(
      (signedIn) => {
        if (!live) return;
        setState(signedIn ? { status: "signed_in", signedIn } : { status: "signed_out", error: null });
      },
      (e: unknown) => live && setState({ status: "signed_out", error: toErrorBody(e) }),
    );
    return () => {
      live = false;
    };
  }, []);

  const enter = useCallback(
    (signedIn: SignedIn) => {
      queryClient.clear();
      // A new identity starts on its own first page, not wherever the last one was.
      window.location.hash = "";
      setState({ status: "signed_in", signedIn });
    },
    [queryClient],
  );
  const leave = useCallback(() => {
    queryClient.clear();
    setState({ status: "signed_out", error: null });
  }, [queryClient]);

  const session = useMemo(() => ({ state, enter, leave }), [state, enter, leave]);
  return <SessionContext value={session}>{children}</SessionContext>;
}
