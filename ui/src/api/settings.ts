import type { ApiKeySummary } from "../bindings/ApiKeySummary";
import type { CreateApiKeyRequest } from "../bindings/CreateApiKeyRequest";
import type { CreatedApiKey } from "../bindings/CreatedApiKey";
import type { Provider } from "../bindings/Provider";
import type { ProviderKeySummary } from "../bindings/ProviderKeySummary";
import type { TenantSettings } from "../bindings/TenantSettings";
import { call } from "./commands";

export const tenantSettings = () => call<TenantSettings>("tenant_settings");
export const saveSettings = (settings: TenantSettings) =>
  call<TenantSettings>("save_settings", { settings });
export const providerKeys = () => call<ProviderKeySummary[]>("provider_keys");
/** The key goes to Rust and on to the server; only its last four come back. */
export const setProviderKey = (provider: Provider, key: string) =>
  call<ProviderKeySummary>("set_provider_key", { provider, key });
export const removeProviderKey = (provider: Provider) =>
  call<void>("remove_provider_key", { provider });
export const apiKeys = () => call<ApiKeySummary[]>("api_keys");
export const createApiKey = (request: CreateApiKeyRequest) =>
  call<CreatedApiKey>("create_api_key", { request });
export const revokeApiKey = (keyId: string) => call<ApiKeySummary>("revoke_api_key", { keyId });
