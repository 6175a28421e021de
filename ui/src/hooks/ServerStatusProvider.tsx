import { useMemo, type ReactNode } from "react";
import { fetchServerStatus } from "../api/commands";
import { ServerStatusContext } from "./ServerStatusContext";
import { toServerView } from "./serverView";
import { usePolledCommand } from "./usePolledCommand";

export const SERVER_POLL_INTERVAL_MS = 15_000;

/**
 * Owns the single server poll for the whole window, so the header indicator
 * and any page showing server details agree and never double the IPC traffic.
 */
export function ServerStatusProvider({ children }: { children: ReactNode }) {
  const polled = usePolledCommand(fetchServerStatus, SERVER_POLL_INTERVAL_MS);
  const view = useMemo(() => toServerView(polled), [polled]);
  return <ServerStatusContext value={view}>{children}</ServerStatusContext>;
}
