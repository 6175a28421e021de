import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { CommissionOverride } from "../bindings/CommissionOverride";
import type { Edited } from "../bindings/Edited";
import { commissionOverrides, overridesKey, removeCommissionOverride, setCommissionOverride } from "../commissions/api";
import { ErrorCallout } from "../components/ErrorCallout";
import { QueryBoundary } from "../components/QueryBoundary";
import { useCommandMutation } from "../hooks/useCommandMutation";
import { EditStateBadge } from "../leads/EditStateBadge";
import { REPORTS_KEY } from "../reports/api";

/** A roster agent the section lists: one on the deal, or one an override still names. */
export interface DealAgent {
  id: string;
  name: string;
}

interface Row {
  agent: DealAgent;
  onDeal: boolean;
  current: Edited<CommissionOverride> | null;
}

/** The deal's agents first (in the deal's order), then any override for an agent no longer on it. */
function rowsOf(agents: DealAgent[], overrides: Edited<CommissionOverride>[], nameOf: (id: string) => string | undefined): Row[] {
  const rows: Row[] = agents.map((agent) => ({ agent, onDeal: true, current: overrides.find((o) => o.record.agent === agent.id) ?? null }));
  for (const o of overrides) {
    if (!agents.some((a) => a.id === o.record.agent)) {
      rows.push({ agent: { id: o.record.agent, name: nameOf(o.record.agent) ?? "An agent not on the roster" }, onDeal: false, current: o });
    }
  }
  return rows;
}

function OverrideForm({ transactionId, row, onDone }: { transactionId: string; row: Row; onDone: () => void }) {
  const [agentPercent, setPercent] = useState(row.current?.record.agentPercent ?? "");
  const [reason, setReason] = useState(row.current?.record.reason ?? "");
  const save = useCommandMutation(setCommissionOverride, [overridesKey(transactionId), REPORTS_KEY], onDone);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.run({ transactionId, agentId: row.agent.id, terms: { agentPercent: agentPercent.trim(), reason } });
  };
  return (
    <form className="tx-override-form" onSubmit={submit} aria-label={`Split for ${row.agent.name}`} data-testid="override-form">
      <label className="field">
        <span className="field__label">Agent keeps (%)</span>
        <input className="input" inputMode="decimal" required value={agentPercent} onChange={(e) => setPercent(e.target.value)} data-testid="override-percent" />
      </label>
      <label className="field">
        <span className="field__label">Reason</span>
        <input className="input" required maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="override-reason" />
      </label>
      <span className="row-actions">
        <button type="submit" className="button button--primary button--small" disabled={save.busy} data-testid="override-save">
          Save
        </button>
        <button type="button" className="button button--ghost button--small" onClick={onDone}>
          Cancel
        </button>
      </span>
      {save.error ? <ErrorCallout error={save.error} testId="override-error" /> : null}
    </form>
  );
}

/**
 * The split agreed for each of the deal's roster agents on this deal only, replacing
 * their plan's split in the reports (the cap still applies). Kept apart from the deal's
 * fields, so a Dotloop import never erases it; edited here offline, pending until the
 * server has it.
 */
export function CommissionOverrides({ transactionId, agents, nameOf }: { transactionId: string; agents: DealAgent[]; nameOf: (id: string) => string | undefined }) {
  const overrides = useQuery({ queryKey: overridesKey(transactionId), queryFn: () => commissionOverrides(transactionId) });
  const remove = useCommandMutation(removeCommissionOverride, [overridesKey(transactionId), REPORTS_KEY]);
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <section className="detail-section" aria-label="Commission override" data-testid="tx-overrides">
      <h3 className="detail-section__title">Commission override</h3>
      <QueryBoundary query={overrides} testId="tx-overrides">
        {(list) => {
          const rows = rowsOf(agents, list, nameOf);
          if (rows.length === 0) return <p className="muted">No roster agent is on this deal.</p>;
          return (
            <ul className="tx-list">
              {rows.map((row) => {
                const { agent, current } = row;
                return (
                  <li key={agent.id} className="tx-override" data-testid={`override-${agent.id}`}>
                    <span className="tx-override__line">
                      <strong>{agent.name}</strong>{" "}
                      {current ? (
                        <span data-testid="override-terms">
                          keeps {current.record.agentPercent}% on this deal: {current.record.reason}
                        </span>
                      ) : (
                        <span className="muted">Plan split</span>
                      )}
                      {!row.onDeal ? <span className="muted"> (not on this deal: not used)</span> : null}
                      {current ? <EditStateBadge state={current.edit} testId={`override-edit-${agent.id}`} /> : null}
                    </span>
                    {current?.revoking ? (
                      <span className="muted" data-testid="override-removing">
                        Removal waiting to sync
                      </span>
                    ) : editing === agent.id ? (
                      <OverrideForm transactionId={transactionId} row={row} onDone={() => setEditing(null)} />
                    ) : (
                      <span className="row-actions">
                        <button type="button" className="button button--secondary button--small" onClick={() => setEditing(agent.id)} data-testid="override-open">
                          {current ? "Change" : "Set"}
                        </button>
                        {current ? (
                          <button type="button" className="button button--ghost button--small" onClick={() => remove.run(current.record.id)} disabled={remove.busy} data-testid="override-remove">
                            Remove
                          </button>
                        ) : null}
                      </span>
                    )}
                  </li>
                );
              })}
            </ul>
          );
        }}
      </QueryBoundary>
      {remove.error ? <ErrorCallout error={remove.error} testId="override-remove-error" /> : null}
    </section>
  );
}
