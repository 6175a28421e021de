import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { SyncState } from "../bindings/SyncState";
import type { SyncUpdate } from "../bindings/SyncUpdate";
import { call } from "../api/commands";

/** The shell emits the engine's state under this name each time it changes. */
export const SYNC_STATE_EVENT = "sync-state";

/** The engine's state as it stands; null when the app works in no tenant (staff view). */
export const syncState = () => call<SyncState | null>("sync_state");
export const syncNow = () => call<void>("sync_now");

export const onSyncUpdate = (handler: (update: SyncUpdate) => void): Promise<UnlistenFn> =>
  listen<SyncUpdate>(SYNC_STATE_EVENT, (event) => handler(event.payload));
