import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { CommissionPlan } from "../bindings/CommissionPlan";
import type { PlanVersion } from "../bindings/PlanVersion";
import { PageHeader } from "../components/PageHeader";
import { QueryBoundary } from "../components/QueryBoundary";
import { RejectedEdits } from "../edits/RejectedEdits";
import { useCommandMutation } from "../hooks/useCommandMutation";
import { EditStateBadge } from "../leads/EditStateBadge";
import { money } from "../reports/money";
import { describeDay, isoDay } from "../reports/period";
import { ROSTER_KEY, rosterRows } from "../roster/api";
import { ASSIGNMENTS_KEY, PLANS_KEY, commissionPlans, planAssignments, setPlanVersions } from "./api";
import { AssignmentsCard } from "./AssignmentsCard";
import { blankForm, describeTerms, versionOf, withVersion } from "./planForm";
import { PlanVersionEditor } from "./PlanVersionEditor";
import { SimulationCard } from "./SimulationCard";
import "./plans.css";

/** Which version the editor is open on: a plan's existing version, or a new one. */
interface Editing {
  plan: CommissionPlan;
  version: PlanVersion;
}

function newVersion(plan: CommissionPlan): PlanVersion {
  const latest = plan.versions[plan.versions.length - 1];
  const today = new Date();
  const from = isoDay(today.getFullYear() + 1, 1, 1);
  if (latest) return { ...latest, effectiveFrom: from };
  const blank = versionOf(blankForm(from));
  if ("error" in blank) throw new Error(blank.error);
  return blank.version;
}

/** The brokerage's plans, their effective-dated versions, who is on which, and what a version would have paid. */
export function CommissionPlansPage() {
  const plans = useQuery({ queryKey: PLANS_KEY, queryFn: commissionPlans });
  const assignments = useQuery({ queryKey: ASSIGNMENTS_KEY, queryFn: planAssignments });
  const roster = useQuery({ queryKey: ROSTER_KEY, queryFn: rosterRows });
  const [editing, setEditing] = useState<Editing | null>(null);
  const save = useCommandMutation(setPlanVersions, [PLANS_KEY], () => setEditing(null));
  const rosterAgents = (roster.data ?? []).map((r) => r.record);

  return (
    <div className="page page--wide plans-page">
      <PageHeader
        title="Commission plans"
        description="Splits, tiers, caps and fees, each in effective-dated versions, and the agents on them. Changes work offline and reach the server at the next sync."
      />
      <RejectedEdits entities={["commission_plan", "commission_assignment"]} describe={() => "A plan change"} />
      <QueryBoundary query={plans} testId="plans">
        {(rows) => (
          <>
            <div className="plan-cards" data-testid="plan-cards">
              {rows.map(({ record: plan, edit }) => (
                <section key={plan.id} className="plan-card" data-testid={`plan-${plan.name}`}>
                  <div className="plan-card__head">
                    <h3 className="plan-card__name">{plan.name}</h3>
                    <EditStateBadge state={edit} testId={`plan-edit-${plan.name}`} />
                  </div>
                  <ul className="plan-card__versions">
                    {plan.versions.map((v) => (
                      <li key={v.effectiveFrom}>
                        <button type="button" className="link-button" onClick={() => setEditing({ plan, version: v })} data-testid={`plan-version-${plan.name}-${v.effectiveFrom}`}>
                          From {describeDay(v.effectiveFrom)}
                        </button>
                        <span className="muted"> · {describeTerms(v, money)}</span>
                      </li>
                    ))}
                  </ul>
                  <button type="button" className="button button--secondary button--small" onClick={() => setEditing({ plan, version: newVersion(plan) })} data-testid={`plan-new-version-${plan.name}`}>
                    New version
                  </button>
                  {editing?.plan.id === plan.id ? (
                    <PlanVersionEditor
                      key={editing.version.effectiveFrom}
                      version={editing.version}
                      roster={rosterAgents}
                      busy={save.busy}
                      error={save.error}
                      onCancel={() => setEditing(null)}
                      onSave={(version) => save.run({ planId: plan.id, versions: withVersion(plan.versions.filter((v) => v.effectiveFrom !== editing.version.effectiveFrom), version) })}
                    />
                  ) : null}
                </section>
              ))}
            </div>
            <QueryBoundary query={assignments} testId="assignments">
              {(list) => <AssignmentsCard plans={rows.map((r) => r.record)} roster={rosterAgents} assignments={list} />}
            </QueryBoundary>
            <SimulationCard plans={rows.map((r) => r.record)} roster={rosterAgents} />
          </>
        )}
      </QueryBoundary>
    </div>
  );
}
