import { useHashRoute } from "./app/useHashRoute";
import { AppShell } from "./components/AppShell";
import { ServerStatusProvider } from "./hooks/ServerStatusProvider";

export function App() {
  const route = useHashRoute();
  return (
    <ServerStatusProvider>
      <AppShell route={route} />
    </ServerStatusProvider>
  );
}
