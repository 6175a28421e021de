import type { PlanOption } from "../bindings/PlanOption";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { useCommandMutation } from "../hooks/useCommandMutation";
import { queryKeys } from "../lib/queryKeys";
import { changePlan } from "./api";
import { limitsLine } from "./limits";

/** Says what a change of plan does before the owner makes it; the server's refusal shows here. */
export function ConfirmPlanChange({ option, onClose }: { option: PlanOption; onClose: () => void }) {
  const { plan, direction } = option;
  // The options' key is under the plan's, so both are read again.
  const change = useCommandMutation(changePlan, [queryKeys.plan], onClose);
  const verb = direction === "upgrade" ? "Upgrade" : "Move";
  return (
    <ConfirmDialog
      title={`${verb} to ${plan.name}?`}
      confirmLabel={`${verb} to ${plan.name}`}
      busy={change.busy}
      error={change.error}
      onConfirm={() => change.run(plan.tier)}
      onCancel={onClose}
      testId="confirm-plan-change"
    >
      <p>
        Your limits change at once to {plan.name}&apos;s: {limitsLine(plan)}.
      </p>
      <p>Payment is not handled in the app.</p>
    </ConfirmDialog>
  );
}
