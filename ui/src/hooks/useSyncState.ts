import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { onSyncUpdate, syncState } from "../sync/api";
import { refreshQueries } from "../app/refreshQueries";
import type { SyncState } from "../bindings/SyncState";
import { useAppEvent } from "./useAppEvent";

/**
 * The engine's state, kept current by the shell's `sync-state` events (and asked for
 * once, as soon as they are being listened to). When a sync brings new data every
 * cached query is refreshed, so screens show what arrived (or an edit the server
 * refused, rolled back) without a reload.
 */
export function useSyncState(): SyncState | null {
  const queryClient = useQueryClient();
  const [state, setState] = useState<SyncState | null>(null);
  const mounted = useRef(false);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const askCurrent = useCallback(() => {
    // A sync that brought data before this listener existed (the first sync of a new
    // session often beats the screens) sent its event to nobody, and a screen may have
    // read the cache before it was filled: read again now that no later event can be
    // missed.
    void refreshQueries(queryClient);
    // An event that arrived first is newer than this answer. Should the answer fail,
    // the header simply waits for the next event.
    syncState().then(
      (current) => mounted.current && setState((fromEvent) => fromEvent ?? current),
      () => {},
    );
  }, [queryClient]);

  useAppEvent(
    onSyncUpdate,
    (update) => {
      setState(update.state);
      if (update.dataChanged) void refreshQueries(queryClient);
    },
    askCurrent,
  );

  return state;
}
