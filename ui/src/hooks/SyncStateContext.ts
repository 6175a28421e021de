import { createContext, useContext } from "react";
import type { SyncState } from "../bindings/SyncState";

/**
 * The engine's state as the shell last heard it (see `useSyncState`), for pages that
 * adapt to it. One listener, in the shell, so a sync's refresh happens once.
 */
export const SyncStateContext = createContext<SyncState | null>(null);

export const useSyncStateValue = (): SyncState | null => useContext(SyncStateContext);
