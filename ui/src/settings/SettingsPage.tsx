import { PageHeader } from "../components/PageHeader";
import type { RejectedEdit } from "../bindings/RejectedEdit";
import { can } from "../lib/permissions";
import { useActor, useSignedIn } from "../session/SessionContext";
import { RejectedEdits, editedFields } from "../edits/RejectedEdits";
import { useOffline } from "../edits/useOffline";
import { ExportCard } from "../export/ExportCard";
import { ApiKeysCard } from "./ApiKeysCard";
import { DeleteTenantCard } from "./DeleteTenantCard";
import { DotloopCard } from "./DotloopCard";
import { ProviderKeysCard } from "./ProviderKeysCard";
import { TenantSettingsCard } from "./TenantSettingsCard";

export function SettingsPage() {
  const actor = useActor();
  const signedIn = useSignedIn();
  const offline = useOffline();
  const mfaEnabled = signedIn.kind === "member" && signedIn.user.mfaEnabled;
  return (
    <div className="page">
      <PageHeader
        title="Settings"
        description="How the brokerage's dates, calls and branding work, the keys its integrations use, its Dotloop connection, and the export of all its data. Settings and key revocations work offline and show as pending until synced."
      />
      <RejectedEdits entities={["settings", "api_key"]} describe={describeSettingsEdit} />
      <TenantSettingsCard editable={can(actor, "manage_settings")} />
      {/* Secrets: hidden entirely from roles (and support sessions) that may not manage them. */}
      {can(actor, "manage_provider_keys") ? <ProviderKeysCard offline={offline} /> : null}
      {can(actor, "manage_api_keys") ? <ApiKeysCard offline={offline} /> : null}
      {can(actor, "manage_dotloop") ? <DotloopCard offline={offline} /> : null}
      {can(actor, "export_tenant_data") ? <ExportCard offline={offline} /> : null}
      {/* The owner's alone, and never in a support session. */}
      {can(actor, "delete_tenant") ? <DeleteTenantCard offline={offline} mfaEnabled={mfaEnabled} /> : null}
    </div>
  );
}

function describeSettingsEdit(edit: RejectedEdit): string {
  if (edit.entity === "api_key") return "Revoking an API key";
  return `Changing the ${editedFields(edit).join(", ")} setting${editedFields(edit).length === 1 ? "" : "s"}`;
}
