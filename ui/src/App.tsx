import { QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";
import { createQueryClient } from "./app/queryClient";
import { AppShell } from "./components/AppShell";
import { ServerStatusProvider } from "./hooks/ServerStatusProvider";
import { SignInPage } from "./pages/SignInPage";
import { useSession } from "./session/SessionContext";
import { SessionProvider } from "./session/SessionProvider";

export function App() {
  // One cache per window; tests render several Apps, each with its own.
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <ServerStatusProvider>
        <SessionProvider>
          <Screen />
        </SessionProvider>
      </ServerStatusProvider>
    </QueryClientProvider>
  );
}

function Screen() {
  const { state } = useSession();
  if (state.status === "restoring") {
    return (
      <div className="splash" role="status" data-testid="restoring">
        Opening Brokerdesk…
      </div>
    );
  }
  if (state.status === "signed_out") return <SignInPage />;
  return <AppShell />;
}
