import { useEffect, useMemo } from "react";
import { routesFor } from "../app/routes";
import { useHashRoute } from "../app/useHashRoute";
import { PendingDeletionBanner } from "../settings/PendingDeletionBanner";
import { useSession, useSignedIn } from "../session/SessionContext";
import { Header } from "./Header";
import { Sidebar } from "./Sidebar";
import { SupportBanner } from "./SupportBanner";
import { OfflineBanner } from "./SyncStatus";
import { useSyncState } from "../hooks/useSyncState";
import { SyncStateContext } from "../hooks/SyncStateContext";
import "./AppShell.css";

export function AppShell() {
  const signedIn = useSignedIn();
  const routes = useMemo(() => routesFor(signedIn), [signedIn]);
  const route = useHashRoute(routes);
  const { Page } = route;
  const sync = useSyncState();

  // Alt+1…9 jumps to the sidebar's pages in order.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      const target = routes[Number(event.key) - 1];
      if (target) {
        event.preventDefault();
        window.location.hash = target.href;
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [routes]);

  return (
    <SyncStateContext.Provider value={sync}>
    <div className="shell">
      <Sidebar routes={routes} activeId={route.id} />
      <div className="shell__body">
        {signedIn.kind === "support" ? <SupportBanner support={signedIn} /> : null}
        <Header title={route.label} sync={sync} />
        {sync && !sync.online && sync.phase === "offline" ? <OfflineBanner state={sync} /> : null}
        <SessionNotice />
        {signedIn.kind === "staff" ? null : <PendingDeletionBanner />}
        <main className="shell__main" data-page={route.id}>
          <Page />
        </main>
      </div>
    </div>
    </SyncStateContext.Provider>
  );
}

/** Why the app moved here by itself, e.g. a support session that ran out. */
function SessionNotice() {
  const { state, dismissNotice } = useSession();
  const notice = state.status === "signed_in" ? state.notice : null;
  if (!notice) return null;
  return (
    <div className="session-notice notice notice--warning" role="status" data-testid="session-notice">
      <span>{notice.message}</span>
      <button type="button" className="button button--ghost button--small" onClick={dismissNotice} data-testid="session-notice-dismiss">
        Dismiss
      </button>
    </div>
  );
}
