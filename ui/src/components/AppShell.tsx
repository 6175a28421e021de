import type { Route } from "../app/routes";
import { ROUTES } from "../app/routes";
import { Header } from "./Header";
import { Sidebar } from "./Sidebar";
import "./AppShell.css";

export function AppShell({ route }: { route: Route }) {
  const { Page } = route;
  return (
    <div className="shell">
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
