import { useState } from "react";
import { toErrorBody } from "../api/commands";
import type { ErrorBody } from "../bindings/ErrorBody";
import type { HealthFinding } from "../bindings/HealthFinding";
import type { TransactionDetail } from "../bindings/TransactionDetail";
import { ErrorCallout } from "../components/ErrorCallout";
import { QueryBoundary } from "../components/QueryBoundary";
import { EditStateBadge } from "../leads/EditStateBadge";
import { formatDateTime } from "../lib/formatDate";
import { can } from "../lib/permissions";
import { useActor } from "../session/SessionContext";
import { openInDotloop } from "./api";
import { CommissionOverrides, type DealAgent } from "./CommissionOverrides";
import { STATUS_GROUP_LABELS, codeLabel, fieldLabel } from "./labels";
import { TransactionEditForm } from "./TransactionEditForm";
import { useRosterChoices, useTransactionDetail } from "./useTransactions";

interface TransactionDetailPaneProps {
  transactionId: string;
  canEdit: boolean;
  onClose: () => void;
}

/** The loop's findings, each with the fields involved and a way to fix it in Dotloop. */
function Findings({ findings, score }: { findings: HealthFinding[]; score: number }) {
  const [error, setError] = useState<ErrorBody | null>(null);
  const open = async (url: string) => {
    setError(null);
    try {
      await openInDotloop(url);
    } catch (e) {
      setError(toErrorBody(e));
    }
  };
  return (
    <section className="detail-section" aria-label="Loop health">
      <h3 className="detail-section__title">
        Loop health <span className="muted" data-testid="tx-quality">data quality {score}/100</span>
      </h3>
      {findings.length === 0 ? <p className="muted">Nothing to fix.</p> : null}
      <ul className="tx-findings">
        {findings.map((f, i) => (
          <li key={`${f.code}-${i}`} className="tx-finding" data-testid="tx-finding">
            <span>{f.message}</span>
            <span className="muted">{f.fields.map(fieldLabel).join(", ")}</span>
            {f.loopUrl ? (
              <button type="button" className="button button--secondary button--small" onClick={() => void open(f.loopUrl!)} data-testid="tx-open-dotloop">
                Open in Dotloop
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {error ? <ErrorCallout error={error} testId="tx-open-error" /> : null}
    </section>
  );
}

function Participants({ detail }: { detail: TransactionDetail }) {
  return (
    <section className="detail-section" aria-label="Participants">
      <h3 className="detail-section__title">
        Participants{" "}
        <span className="muted" data-testid="tx-sides">
          {detail.sides.buy && detail.sides.sell ? "double end" : detail.sides.sell ? "sell side" : detail.sides.buy ? "buy side" : ""}
        </span>
      </h3>
      {detail.participants.length === 0 ? <p className="muted">None listed.</p> : null}
      <ul className="tx-list">
        {detail.participants.map(({ participant: p, agent, unmatchedAgent }, i) => (
          <li key={`${p.name}-${i}`} data-testid="tx-participant">
            <strong>{p.name}</strong> {p.role ? <span className="muted">{codeLabel(p.role)}</span> : null} {p.email ? <span className="muted">{p.email}</span> : null}
            {agent ? (
              <span className="tx-agent">
                Roster: {agent.name}
                {agent.office ? ` (${agent.office})` : ""}, by {agent.matchedBy}
              </span>
            ) : unmatchedAgent ? (
              <span className="tx-agent tx-agent--missing">Not on the roster</span>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** What only Dotloop sets, and the custom fields: shown, never dropped. */
function FromDotloop({ detail }: { detail: TransactionDetail }) {
  const t = detail.transaction;
  const facts: [string, string][] = [
    ["Loop view id", t.loopViewId ?? ""],
    ["Loop id", t.loopId ?? ""],
    ["Profile id", t.profileId ?? ""],
    ["Loop URL", t.loopUrl ?? ""],
    ["Created in Dotloop", t.loopCreatedAt ? formatDateTime(t.loopCreatedAt) : ""],
    ["Updated in Dotloop", t.loopUpdatedAt ? formatDateTime(t.loopUpdatedAt) : ""],
    ["Paid date (used)", t.paidDate ?? t.closingDate ?? ""],
  ];
  return (
    <section className="detail-section" aria-label="Dotloop">
      <h3 className="detail-section__title">Dotloop</h3>
      <dl className="tx-facts">
        {facts.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value || "—"}</dd>
          </div>
        ))}
      </dl>
      <h3 className="detail-section__title">Custom fields</h3>
      {t.customFields.length === 0 ? <p className="muted">None.</p> : null}
      <dl className="tx-facts" data-testid="tx-custom-fields">
        {t.customFields.map((c, i) => (
          <div key={`${c.section}/${c.field}-${i}`}>
            <dt>{c.section ? `${c.section} / ${c.field}` : c.field}</dt>
            <dd className="tx-pre">{c.value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** The roster agents the matching puts on the deal, each once, in the order they appear. */
function dealAgents(detail: TransactionDetail): DealAgent[] {
  const agents: DealAgent[] = [];
  for (const { agent } of detail.participants) {
    if (agent && !agents.some((a) => a.id === agent.agentId)) agents.push({ id: agent.agentId, name: agent.name });
  }
  return agents;
}

export function TransactionDetailPane({ transactionId, canEdit, onClose }: TransactionDetailPaneProps) {
  const detail = useTransactionDetail(transactionId);
  // Those who manage plans set a deal's split overrides (the server's rule).
  const canOverride = can(useActor(), "manage_commission_plans");
  const { agents: roster } = useRosterChoices();
  const nameOf = (id: string) => roster.find((a) => a.id === id)?.name;
  return (
    <aside className="tx-detail" aria-label="Transaction" data-testid="tx-detail">
      <QueryBoundary query={detail} testId="tx-detail">
        {(d) => (
          <>
            <div className="tx-detail__header">
              <div>
                <h2 className="tx-detail__title">{d.transaction.name}</h2>
                <span className={`tx-group tx-group--${d.statusGroup}`}>{STATUS_GROUP_LABELS[d.statusGroup]}</span>{" "}
                <span className="muted">
                  {codeLabel(d.transaction.status)} · updated {formatDateTime(d.transaction.updatedAt)}
                </span>
              </div>
              <EditStateBadge state={d.edit} testId="tx-edit-state" />
              <button type="button" className="button button--ghost button--small" onClick={onClose} aria-label="Close transaction">
                ×
              </button>
            </div>
            {d.pendingFields.length > 0 ? (
              <p className="muted" data-testid="tx-pending-fields">
                Not yet on the server: {d.pendingFields.map(fieldLabel).join(", ")}
              </p>
            ) : null}
            <Findings findings={d.findings} score={d.qualityScore} />
            <Participants detail={d} />
            {canOverride ? <CommissionOverrides transactionId={d.transaction.id} agents={dealAgents(d)} nameOf={nameOf} /> : null}
            <TransactionEditForm key={d.transaction.id} deal={d.transaction} canEdit={canEdit} />
            <FromDotloop detail={d} />
          </>
        )}
      </QueryBoundary>
    </aside>
  );
}
