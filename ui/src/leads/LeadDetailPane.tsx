import type { UserSummary } from "../bindings/UserSummary";
import { QueryBoundary } from "../components/QueryBoundary";
import { formatDateTime } from "../lib/formatDate";
import { ConsentPanel } from "./ConsentPanel";
import { EditStateBadge } from "./EditStateBadge";
import { LeadEditForm } from "./LeadEditForm";
import { Timeline } from "./Timeline";
import { useLeadDetail } from "./useLeads";

interface LeadDetailPaneProps {
  leadId: string;
  agents: readonly UserSummary[];
  canEdit: boolean;
  canAssign: boolean;
  onClose: () => void;
}

export function LeadDetailPane({ leadId, agents, canEdit, canAssign, onClose }: LeadDetailPaneProps) {
  const detail = useLeadDetail(leadId);
  return (
    <aside className="lead-detail" aria-label="Lead" data-testid="lead-detail">
      <QueryBoundary query={detail} testId="lead-detail">
        {({ lead, edit, rejections, consents, timeline }) => (
          <>
            <div className="lead-detail__header">
              <div>
                <h2 className="lead-detail__title">{lead.name}</h2>
                <span className="muted">Updated {formatDateTime(lead.updatedAt)}</span>
              </div>
              <EditStateBadge state={edit} testId="lead-edit-state" />
              <button type="button" className="button button--ghost button--small" onClick={onClose} aria-label="Close lead">
                ×
              </button>
            </div>
            {rejections.map((r) => (
              <div key={`${r.at}-${r.code}`} className="notice notice--warning" role="alert" data-testid="lead-rejection">
                The server refused an edit of {r.fields.join(", ") || "this lead"}: {r.message}
              </div>
            ))}
            {/* Re-mounted per server version so the form shows what was synced in. */}
            <LeadEditForm key={`${lead.id}-${lead.version}-${lead.updatedAt}`} lead={lead} agents={agents} canEdit={canEdit} canAssign={canAssign} />
            <ConsentPanel lead={lead} consents={consents} />
            <Timeline items={timeline} />
          </>
        )}
      </QueryBoundary>
    </aside>
  );
}
