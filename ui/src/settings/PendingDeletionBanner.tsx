import { useQuery } from "@tanstack/react-query";
import { cancelTenantDeletion, tenantDeletion } from "./api";
import { useCommandMutation } from "../hooks/useCommandMutation";
import { formatDateTime } from "../lib/formatDate";
import { can } from "../lib/permissions";
import { queryKeys } from "../lib/queryKeys";
import { useActor, useSignedIn } from "../session/SessionContext";

/**
 * Across the top of every page while the brokerage is pending deletion: the date, and
 * for the owner the way back. It asks the server only when the sign-in says the tenant
 * is pending; once the owner asks in Settings, the answer that card fetched shows here
 * too (the same query).
 */
export function PendingDeletionBanner() {
  const signedIn = useSignedIn();
  const actor = useActor();
  const pending = signedIn.kind !== "staff" && signedIn.tenant.status === "pending_deletion";
  const state = useQuery({ queryKey: queryKeys.tenantDeletion, queryFn: tenantDeletion, enabled: pending });
  const cancel = useCommandMutation(() => cancelTenantDeletion(), [queryKeys.tenantDeletion]);
  const deletion = state.data;
  if (deletion?.status !== "pending_deletion") return null;
  return (
    <div className="session-notice notice notice--warning" role="alert" data-testid="deletion-banner">
      <span>
        This brokerage will be deleted with all of its data on {formatDateTime(deletion.dueAt)}. It is read-only until
        then{deletion.held ? "; Brokerdesk support is holding the deletion" : ""}.
        {cancel.error ? ` ${cancel.error.message}` : ""}
      </span>
      {can(actor, "delete_tenant") ? (
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={() => cancel.run(undefined)}
          disabled={cancel.busy}
          data-testid="deletion-banner-cancel"
        >
          {cancel.busy ? "Cancelling…" : "Cancel deletion"}
        </button>
      ) : null}
    </div>
  );
}
