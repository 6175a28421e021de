import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { syncState } from "../api/sync";
import type { SyncState } from "../bindings/SyncState";
import { usePolledCommand } from "./usePolledCommand";

/** Often enough for a progress bar, cheap enough to be an in-memory read in Rust. */
export const SYNC_POLL_INTERVAL_MS = 1_500;

/**
 * The engine's state, polled. Every completed sync refreshes the cached queries, so
 * screens show what the sync just brought in (or what was pushed) without a reload.
 */
export function useSyncState(): { state: SyncState | null; recheck: () => void } {
  const polled = usePolledCommand(syncState, SYNC_POLL_INTERVAL_MS);
  const state = polled.outcome?.ok ? polled.outcome.value : null;
  const queryClient = useQueryClient();
  // Undefined until first seen: a first sync (null, then a time) refreshes the screens
  // too, since the users and settings screens read the cache it fills.
  const lastSynced = useRef<string | null | undefined>(undefined);
  const syncedAt = state?.lastSyncedAt ?? null;

  useEffect(() => {
    if (syncedAt !== null && lastSynced.current !== undefined && syncedAt !== lastSynced.current) {
      void queryClient.invalidateQueries();
    }
    lastSynced.current = syncedAt;
  }, [syncedAt, queryClient]);

  return { state, recheck: polled.recheck };
}
