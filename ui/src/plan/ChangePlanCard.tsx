import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { PlanDirection } from "../bindings/PlanDirection";
import type { PlanOption } from "../bindings/PlanOption";
import { Badge } from "../components/Badge";
import { QueryBoundary } from "../components/QueryBoundary";
import { queryKeys } from "../lib/queryKeys";
import { planOptions } from "./api";
import { ConfirmPlanChange } from "./ConfirmPlanChange";
import { limitsLine } from "./limits";

const DIRECTIONS: Record<PlanDirection, string> = { current: "Current", upgrade: "Upgrade", downgrade: "Downgrade" };

/** The owner's own change of plan: every plan, and for a downgrade what must go first. */
export function ChangePlanCard() {
  const options = useQuery({ queryKey: queryKeys.planOptions, queryFn: planOptions });
  const [chosen, setChosen] = useState<PlanOption | null>(null);
  return (
    <section className="card" data-testid="plan-options">
      <div className="card__header">
        <h3 className="card__title">Change plan</h3>
        <p className="card__description">
          A move applies at once; a smaller plan is offered once what you hold fits it. Payment is not handled in the app.
        </p>
      </div>
      <QueryBoundary query={options} testId="plan-options">
        {(list) => (
          <ul className="key-list">
            {list.map((option) => (
              <PlanOptionRow key={option.plan.tier} option={option} onChoose={() => setChosen(option)} />
            ))}
          </ul>
        )}
      </QueryBoundary>
      {chosen ? <ConfirmPlanChange option={chosen} onClose={() => setChosen(null)} /> : null}
    </section>
  );
}

function PlanOptionRow({ option, onChoose }: { option: PlanOption; onChoose: () => void }) {
  const { plan, direction, excess } = option;
  const label = direction === "current" ? "Current plan" : direction === "upgrade" ? `Upgrade to ${plan.name}` : `Move to ${plan.name}`;
  return (
    <li className="key-row" data-testid={`plan-option-${plan.tier}`} data-direction={direction}>
      <div className="key-row__main">
        <p className="key-row__name">
          {plan.name}
          <Badge tone={direction === "current" ? "accent" : "neutral"}>{DIRECTIONS[direction]}</Badge>
        </p>
        <p className="plan-option__limits">{limitsLine(plan)}</p>
        {/* Only a move needs room made first; being over the current plan is what the usage above shows. */}
        {excess.length > 0 && direction !== "current" ? (
          <div className="plan-option__excess" data-testid={`plan-excess-${plan.tier}`}>
            <p>To move to {plan.name}, first:</p>
            <ul>
              {excess.map((e) => (
                <li key={e.kind}>{e.message}</li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
      <button
        type="button"
        className={direction === "upgrade" ? "button button--primary" : "button button--secondary"}
        // The server would refuse a move that does not fit, so it is not offered until it does.
        disabled={direction === "current" || excess.length > 0}
        onClick={onChoose}
        data-testid={`plan-choose-${plan.tier}`}
      >
        {label}
      </button>
    </li>
  );
}
