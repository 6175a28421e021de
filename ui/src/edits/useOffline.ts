import { useSyncStateValue } from "../hooks/SyncStateContext";

/**
 * True while the sync engine cannot reach the server. Edits still work then (they queue),
 * but actions whose answer only the server can make (a new key, an invitation link) or
 * that hand it a secret are disabled, with the reason.
 */
export function useOffline(): boolean {
  const sync = useSyncStateValue();
  return sync != null && !sync.online && sync.phase !== "idle";
}

/** The hint on an online-only action while offline. */
export const NEEDS_CONNECTION = "Needs a connection to the server";
