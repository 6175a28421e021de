import type { Route } from "../app/routes";
import { ROUTES } from "../app/routes";
import { Header } from "./Header";
import { Sidebar } from "./Sidebar";
import "./AppShell.css";

export function AppShell({ route }: { route: Route }) {
  const { Page } = route;
  return (
    <div className="shell">
      {/* React 19 hoists this into <head>, so the window title follows the page. */}
      <title>{`${route.title} · Brokerdesk`}</title>
      <Sidebar routes={ROUTES} activeId={route.id} />
      <div className="shell__body">
        <Header title={route.title} />
        <main className="shell__main">
          <Page />
        </main>
      </div>
    </div>
  );
}
