import { useState } from "react";
import { updateTenant } from "./api";
import type { PlanTier } from "../bindings/PlanTier";
import type { PlanUsage } from "../bindings/PlanUsage";
import type { TenantSummary } from "../bindings/TenantSummary";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { useCommandMutation } from "../hooks/useCommandMutation";
import { queryKeys } from "../lib/queryKeys";
import { Field } from "../components/Field";

const TIERS: [PlanTier, string][] = [
  ["free", "Free"],
  ["starter", "Starter"],
  ["professional", "Professional"],
  ["enterprise", "Enterprise"],
];

/** Platform staff change a tenant's plan with a reason, recorded in both audit trails. */
export function ChangePlanDialog({
  tenant,
  current,
  onClose,
}: {
  tenant: TenantSummary;
  current: PlanUsage;
  onClose: () => void;
}) {
  const [plan, setPlan] = useState<PlanTier>(current.plan.tier);
  const [reason, setReason] = useState("");
  const change = useCommandMutation(
    () => updateTenant(tenant.id, { plan, status: null, trialEndsAt: null, clearTrial: false, reason: reason.trim() }),
    [queryKeys.plan],
    onClose,
  );
  return (
    <ConfirmDialog
      title={`Change ${tenant.name}'s plan`}
      confirmLabel="Change plan"
      busy={change.busy || plan === current.plan.tier || reason.trim() === ""}
      error={change.error}
      onConfirm={() => change.run(undefined)}
      onCancel={onClose}
      testId="change-plan-dialog"
    >
      <div className="dialog__body-form">
        <Field label="Plan">
          <select className="select" value={plan} onChange={(e) => setPlan(e.target.value as PlanTier)} data-testid="change-plan-select">
            {TIERS.map(([tier, name]) => (
              <option key={tier} value={tier}>
                {name}
                {tier === current.plan.tier ? " (current)" : ""}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Reason" hint="Recorded in the brokerage's audit trail and the platform's.">
          <input className="input" value={reason} onChange={(e) => setReason(e.target.value)} data-testid="change-plan-reason" />
        </Field>
      </div>
    </ConfirmDialog>
  );
}
