import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { UserSummary } from "../bindings/UserSummary";
import { QueryBoundary } from "../components/QueryBoundary";
import { formatDateTime } from "../lib/formatDate";
import { LegalHoldDialog } from "../privacy/LegalHoldDialog";
import { ConsentPanel } from "./ConsentPanel";
import { EditStateBadge } from "./EditStateBadge";
import { EraseLeadDialog } from "./EraseLeadDialog";
import { LeadEditForm } from "./LeadEditForm";
import { Timeline } from "./Timeline";
import { leadKeys, useLeadDetail } from "./useLeads";

interface LeadDetailPaneProps {
  leadId: string;
  agents: readonly UserSummary[];
  nameOf: (agent: string | null) => string;
  canEdit: boolean;
  /** Owners and admins: assign to anyone, take numbers off the do-not-call list. */
  canAssign: boolean;
  canErase: boolean;
  onClose: () => void;
}

export function LeadDetailPane({ leadId, agents, nameOf, canEdit, canAssign, canErase, onClose }: LeadDetailPaneProps) {
  const detail = useLeadDetail(leadId);
  const [erasing, setErasing] = useState(false);
  const [holding, setHolding] = useState(false);
  const queryClient = useQueryClient();
  const erased = () => {
    onClose();
    void queryClient.invalidateQueries({ queryKey: leadKeys.all });
  };
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
            <LeadEditForm key={lead.id} lead={lead} agents={agents} canEdit={canEdit} canAssign={canAssign} />
            <ConsentPanel lead={lead} consents={consents} canEdit={canEdit} canManageDnc={canAssign} />
            <Timeline items={timeline} nameOf={nameOf} />
            {canErase ? (
              <section className="detail-section detail-section--danger" aria-label="Privacy">
                <button type="button" className="button button--danger button--small" onClick={() => setErasing(true)} data-testid="erase-lead-open">
                  Erase lead…
                </button>
                <span className="muted">For a privacy request: removes this person's data everywhere.</span>
                <button type="button" className="button button--secondary button--small" onClick={() => setHolding(true)} data-testid="legal-hold-open">
                  Legal hold…
                </button>
              </section>
            ) : null}
            {holding ? <LegalHoldDialog subject="lead" subjectId={lead.id} name={lead.name} onClose={() => setHolding(false)} /> : null}
            {erasing ? <EraseLeadDialog lead={lead} onClose={() => setErasing(false)} onErased={erased} /> : null}
          </>
        )}
      </QueryBoundary>
    </aside>
  );
}
