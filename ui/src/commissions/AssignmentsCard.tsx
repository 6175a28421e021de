import { useState, type FormEvent } from "react";
import type { CommissionPlan } from "../bindings/CommissionPlan";
import type { Edited } from "../bindings/Edited";
import type { PlanAssignmentRecord } from "../bindings/PlanAssignmentRecord";
import type { RosterAgent } from "../bindings/RosterAgent";
import { ErrorCallout } from "../components/ErrorCallout";
import { useCommandMutation } from "../hooks/useCommandMutation";
import { EditStateBadge } from "../leads/EditStateBadge";
import { describeDay } from "../reports/period";
import { ASSIGNMENTS_KEY, assignPlan, unassignPlan } from "./api";

/** Which plan each roster agent is on from which day; put an agent on a plan or take an assignment off. */
export function AssignmentsCard({ plans, roster, assignments }: { plans: CommissionPlan[]; roster: RosterAgent[]; assignments: Edited<PlanAssignmentRecord>[] }) {
  const [form, setForm] = useState({ agent: "", plan: "", effectiveFrom: "" });
  const assign = useCommandMutation(assignPlan, [ASSIGNMENTS_KEY], () => setForm({ agent: "", plan: "", effectiveFrom: "" }));
  const unassign = useCommandMutation(unassignPlan, [ASSIGNMENTS_KEY]);
  const agentName = (id: string) => roster.find((a) => a.id === id)?.name ?? "An agent not on the roster";
  const planName = (id: string) => plans.find((p) => p.id === id)?.name ?? "A plan";
  const sorted = [...assignments].sort((a, b) => agentName(a.record.agent).localeCompare(agentName(b.record.agent)) || a.record.effectiveFrom.localeCompare(b.record.effectiveFrom));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    assign.run({ agent: form.agent, plan: form.plan, effectiveFrom: form.effectiveFrom });
  };
  return (
    <section className="report-section" data-testid="assignments">
      <h3 className="report-section__title">Assignments</h3>
      <form className="plan-editor__row" onSubmit={submit}>
        <label className="field">
          <span className="field__label">Agent</span>
          <select className="select" required value={form.agent} onChange={(e) => setForm({ ...form, agent: e.target.value })} data-testid="assign-agent">
            <option value="">Choose an agent</option>
            {roster.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">Plan</span>
          <select className="select" required value={form.plan} onChange={(e) => setForm({ ...form, plan: e.target.value })} data-testid="assign-plan">
            <option value="">Choose a plan</option>
            {plans.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">From</span>
          <input className="input" type="date" required value={form.effectiveFrom} onChange={(e) => setForm({ ...form, effectiveFrom: e.target.value })} data-testid="assign-from" />
        </label>
        <button type="submit" className="button button--primary" disabled={assign.busy} data-testid="assign-submit">
          Assign
        </button>
      </form>
      {assign.error ? <ErrorCallout error={assign.error} /> : null}
      {unassign.error ? <ErrorCallout error={unassign.error} /> : null}
      <div className="report-table-wrap">
        <table className="report-table" data-testid="assignments-table">
          <thead>
            <tr>
              <th scope="col">Agent</th>
              <th scope="col">Plan</th>
              <th scope="col">From</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {sorted.map(({ record, edit, revoking }) => (
              <tr key={record.id} className={revoking ? "muted" : undefined}>
                <td>{agentName(record.agent)}</td>
                <td>{planName(record.plan)}</td>
                <td>{describeDay(record.effectiveFrom)}</td>
                <td>
                  <span className="row-actions">
                    <EditStateBadge state={edit} testId={`assignment-edit-${record.id}`} />
                    {revoking ? (
                      <span className="muted">Removal waiting to sync</span>
                    ) : (
                      <button type="button" className="button button--ghost button--small" onClick={() => unassign.run(record.id)} disabled={unassign.busy}>
                        Remove
                      </button>
                    )}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
