import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { onSyncUpdate, syncState } from "../api/sync";
import type { SyncState } from "../bindings/SyncState";
import { useAppEvent } from "./useAppEvent";

/**
 * The engine's state: asked for once, then kept current by the shell's `sync-state`
 * events. When a sync brings new data every cached query is refreshed, so screens show
 * what arrived (or an edit the server refused, rolled back) without a reload.
 */
export function useSyncState(): SyncState | null {
  const queryClient = useQueryClient();
  const [state, setState] = useState<SyncState | null>(null);

  useEffect(() => {
    let live = true;
    // An event that arrived first is newer than this answer.
    // Should the answer fail, the header simply waits for the first event.
    syncState().then(
      (current) => live && setState((fromEvent) => fromEvent ?? current),
      () => {},
    );
    return () => {
      live = false;
    };
  }, []);

  useAppEvent(onSyncUpdate, (update) => {
    setState(update.state);
    if (update.dataChanged) void queryClient.invalidateQueries();
  });

  return state;
}
