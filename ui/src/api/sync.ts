import type { SyncState } from "../bindings/SyncState";
import { call } from "./commands";

/** The sync engine's state; null when no member's tenant is syncing (staff, support). */
export const syncState = () => call<SyncState | null>("sync_state");
export const syncNow = () => call<void>("sync_now");
