import { QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";
import { createQueryClient } from "./app/queryClient";
import type { SignedIn } from "./bindings/SignedIn";
import { AppShell } from "./components/AppShell";
import { ServerStatusProvider } from "./hooks/ServerStatusProvider";
import { SignInPage } from "./session/SignInPage";
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
  // A new identity (back to the staff view, say) starts a fresh shell: no sync state
  // or page of the one before carries over.
  return <AppShell key={identityKey(state.signedIn)} />;
}

function identityKey(signedIn: SignedIn): string {
  switch (signedIn.kind) {
    case "member":
      return `member:${signedIn.tenant.id}:${signedIn.user.id}`;
    case "support":
      return `support:${signedIn.session.id}`;
    case "staff":
      return `staff:${signedIn.displayName}`;
  }
}
