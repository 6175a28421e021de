import { useQuery } from "@tanstack/react-query";
import { syncState } from "../../api/sync";
import { SYNC_POLL_INTERVAL_MS } from "../../hooks/useSyncState";
import { queryKeys } from "../../lib/queryKeys";

/**
 * True while the sync engine cannot reach the server. Edits still work then (they queue),
 * but actions whose answer only the server can make (a new key, an invitation link) or
 * that hand it a secret are disabled, with the reason. Support sessions have no engine
 * and work against the server directly, so for them this stays false.
 */
export function useOffline(): boolean {
  const state = useQuery({
    queryKey: queryKeys.syncState,
    queryFn: syncState,
    refetchInterval: SYNC_POLL_INTERVAL_MS,
  });
  const sync = state.data;
  return sync != null && !sync.online && sync.phase !== "idle";
}

/** The hint on an online-only action while offline. */
export const NEEDS_CONNECTION = "Needs a connection to the server";
