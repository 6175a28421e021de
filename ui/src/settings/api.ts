import type { ApiKeySummary } from "../bindings/ApiKeySummary";
import type { CreateApiKeyRequest } from "../bindings/CreateApiKeyRequest";
import type { ConnectStart } from "../bindings/ConnectStart";
import type { CreatedApiKey } from "../bindings/CreatedApiKey";
import type { Disconnected } from "../bindings/Disconnected";
import type { DotloopCard } from "../bindings/DotloopCard";
import type { Edited } from "../bindings/Edited";
import type { Provider } from "../bindings/Provider";
import type { ProviderKeySummary } from "../bindings/ProviderKeySummary";
import type { SyncStarted } from "../bindings/SyncStarted";
import type { RequestTenantDeletion } from "../bindings/RequestTenantDeletion";
import type { TenantDeletionState } from "../bindings/TenantDeletionState";
import type { TenantSettings } from "../bindings/TenantSettings";
import { call } from "../api/commands";

export const tenantSettings = () => call<Edited<TenantSettings>>("tenant_settings");
/**
 * Saves the fields where `settings` differs from `base` (what the form was opened on),
 * queued and synced, so only what the user changed is sent.
 */
export const saveSettings = ({ base, settings }: { base: TenantSettings; settings: TenantSettings }) =>
  call<TenantSettings>("save_settings", { base, settings });
export const providerKeys = () => call<ProviderKeySummary[]>("provider_keys");
/** The key goes to Rust and on to the server; only its last four come back. */
export const setProviderKey = (provider: Provider, key: string) =>
  call<ProviderKeySummary>("set_provider_key", { provider, key });
export const removeProviderKey = (provider: Provider) =>
  call<void>("remove_provider_key", { provider });
export const apiKeys = () => call<Edited<ApiKeySummary>[]>("api_keys");
export const createApiKey = (request: CreateApiKeyRequest) =>
  call<CreatedApiKey>("create_api_key", { request });
export const revokeApiKey = (keyId: string) => call<void>("revoke_api_key", { keyId });

/** From the server when it answers, else the last status this computer saw (`offline`). */
export const dotloopStatus = () => call<DotloopCard>("dotloop_status");
/** Opens Dotloop's sign-in page in the system browser; the URL comes back for when none opens. */
export const connectDotloop = () => call<ConnectStart>("connect_dotloop");
export const syncDotloop = () => call<SyncStarted>("sync_dotloop");
export const disconnectDotloop = () => call<Disconnected>("disconnect_dotloop");

/** Where the brokerage's deletion stands: pending, its due date, held by staff. */
export const tenantDeletion = () => call<TenantDeletionState>("tenant_deletion");
/** The owner asks for the brokerage to be deleted; the password (and code) go to Rust and on. */
export const requestTenantDeletion = (request: RequestTenantDeletion) =>
  call<TenantDeletionState>("request_tenant_deletion", { request });
export const cancelTenantDeletion = () => call<TenantDeletionState>("cancel_tenant_deletion");
