import type { UnlistenFn } from "@tauri-apps/api/event";
import { useEffect, useRef } from "react";

/**
 * Calls `handler` with each event `subscribe` listens to, for as long as the component
 * is mounted, and `onListening` once listening has started (the moment to ask for the
 * current state, so no change can slip between the answer and the first event).
 * Listening starts asynchronously, so an unmount that comes first still stops it.
 */
export function useAppEvent<T>(
  subscribe: (handler: (payload: T) => void) => Promise<UnlistenFn>,
  handler: (payload: T) => void,
  onListening?: () => void,
) {
  const latest = useRef({ handler, onListening });
  useEffect(() => {
    latest.current = { handler, onListening };
  });
  useEffect(() => {
    let live = true;
    let unlisten: UnlistenFn | null = null;
    subscribe((payload) => {
      if (live) latest.current.handler(payload);
    }).then(
      (stop) => {
        if (!live) return stop();
        unlisten = stop;
        latest.current.onListening?.();
      },
      (error: unknown) => console.error("Brokerdesk could not listen to the app's events", error),
    );
    return () => {
      live = false;
      unlisten?.();
    };
  }, [subscribe]);
}
