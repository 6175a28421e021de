import { useEffect, useMemo } from "react";
import { routesFor } from "../app/routes";
import { useHashRoute } from "../app/useHashRoute";
import { useSignedIn } from "../session/SessionContext";
import { Header } from "./Header";
import { Sidebar } from "./Sidebar";
import { SupportBanner } from "./SupportBanner";
import { OfflineBanner } from "./SyncStatus";
import { useSyncState } from "../hooks/useSyncState";
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
    <div className="shell">
      <Sidebar routes={routes} activeId={route.id} />
      <div className="shell__body">
        {signedIn.kind === "support" ? <SupportBanner support={signedIn} /> : null}
        <Header title={route.label} sync={sync.state} onSynced={sync.recheck} />
        {sync.state && !sync.state.online && sync.state.phase === "offline" ? <OfflineBanner state={sync.state} /> : null}
        <main className="shell__main" data-page={route.id}>
          <Page />
        </main>
      </div>
    </div>
  );
}
