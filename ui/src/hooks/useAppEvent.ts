import type { UnlistenFn } from "@tauri-apps/api/event";
import { useEffect, useRef } from "react";

/**
 * Calls `handler` with each event `subscribe` listens to, for as long as the component
 * is mounted. Listening starts asynchronously, so an unmount that comes first still
 * stops it once it has started.
 */
export function useAppEvent<T>(
  subscribe: (handler: (payload: T) => void) => Promise<UnlistenFn>,
  handler: (payload: T) => void,
) {
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    let live = true;
    let unlisten: UnlistenFn | null = null;
    subscribe((payload) => {
      if (live) latest.current(payload);
    }).then(
      (stop) => {
        if (live) unlisten = stop;
        else stop();
      },
      (error: unknown) => console.error("Brokerdesk could not listen to the app's events", error),
    );
    return () => {
      live = false;
      unlisten?.();
    };
  }, [subscribe]);
}
