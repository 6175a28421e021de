import { PageHeader } from "../../components/PageHeader";
import { can } from "../../lib/permissions";
import { useActor } from "../../session/SessionContext";
import { ApiKeysCard } from "./ApiKeysCard";
import { ProviderKeysCard } from "./ProviderKeysCard";
import { TenantSettingsCard } from "./TenantSettingsCard";

export function SettingsPage() {
  const actor = useActor();
  return (
    <div className="page">
      <PageHeader title="Settings" description="How the brokerage's dates, calls and branding work, and the keys its integrations use." />
      <TenantSettingsCard editable={can(actor, "manage_settings")} />
      {/* Secrets: hidden entirely from roles (and support sessions) that may not manage them. */}
      {can(actor, "manage_provider_keys") ? <ProviderKeysCard /> : null}
      {can(actor, "manage_api_keys") ? <ApiKeysCard /> : null}
    </div>
  );
}
