import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { DryRunResult } from "../bindings/DryRunResult";
import type { RetentionPolicy } from "../bindings/RetentionPolicy";
import { Badge } from "../components/Badge";
import { ErrorCallout } from "../components/ErrorCallout";
import { QueryBoundary } from "../components/QueryBoundary";
import { useCommandMutation } from "../hooks/useCommandMutation";
import { can } from "../lib/permissions";
import { queryKeys } from "../lib/queryKeys";
import { useActor } from "../session/SessionContext";
import { retentionDryRun, retentionPolicies, setRetentionPolicy } from "./retentionApi";

const months = (n: number) => (n === 1 ? "1 month" : `${n} months`);

/** How long each kind of record is kept before the server purges it, never below the legal minimum. */
export function RetentionCard() {
  const policies = useQuery({ queryKey: queryKeys.retentionPolicies, queryFn: retentionPolicies });
  const editable = can(useActor(), "manage_retention");
  return (
    <section className="card" data-testid="retention-card">
      <div className="card__header">
        <h3 className="card__title">Retention</h3>
        <p className="card__description">
          Older records are purged every hour, except those under a legal hold. Preview what a period would purge before you save it.
          {editable ? "" : " Only the owner changes these."}
        </p>
      </div>
      <QueryBoundary query={policies} testId="retention">
        {(list) => (
          <ul className="key-list">
            {list.map((policy) => (
              <PolicyRow key={policy.kind} policy={policy} editable={editable} />
            ))}
          </ul>
        )}
      </QueryBoundary>
    </section>
  );
}

function PolicyRow({ policy, editable }: { policy: RetentionPolicy; editable: boolean }) {
  const { kind } = policy;
  const [text, setText] = useState(policy.months === null ? "" : String(policy.months));
  // The preview shown, for the period it was made for: Save is offered for that period only.
  const [preview, setPreview] = useState<DryRunResult | null>(null);
  const dryRun = useCommandMutation(retentionDryRun, [], setPreview);
  const save = useCommandMutation(setRetentionPolicy, [queryKeys.retentionPolicies], () => setPreview(null));
  const value = Number(text);
  const valid = text.trim() !== "" && Number.isInteger(value) && value > 0;
  const previewed = preview !== null && preview.months === value;
  const current = policy.months === null ? "Kept forever" : `Kept ${months(policy.months)}`;
  const error = save.error ?? dryRun.error;
  return (
    <li className="key-row retention-row" data-testid={`retention-${kind}`}>
      <div className="key-row__main">
        <p className="key-row__name">
          {policy.label}
          <Badge tone={policy.months === null ? "neutral" : "accent"}>{current}</Badge>
        </p>
        <p className="retention-row__minimum" data-testid={`retention-minimum-${kind}`}>
          {policy.minimumReason ?? "No legal minimum."}
        </p>
        {previewed ? (
          <p className="retention-row__preview" role="status" data-testid={`retention-preview-${kind}`}>
            {preview.sentence}
          </p>
        ) : null}
        {error ? <ErrorCallout error={error} testId={`retention-error-${kind}`} /> : null}
      </div>
      {editable ? (
        <div className="retention-row__controls">
          <label className="field">
            <span className="field__label">Months</span>
            <input
              className="input retention-row__months"
              type="number"
              min={policy.minimumMonths}
              value={text}
              placeholder="Forever"
              onChange={(e) => setText(e.target.value)}
              data-testid={`retention-months-${kind}`}
            />
          </label>
          <button
            type="button"
            className="button button--secondary"
            disabled={!valid || dryRun.busy}
            onClick={() => dryRun.run({ kind, months: value })}
            data-testid={`retention-preview-button-${kind}`}
          >
            Preview
          </button>
          <button
            type="button"
            className="button button--primary"
            // A period is saved only once its dry run has been seen.
            disabled={!previewed || save.busy}
            onClick={() => save.run({ kind, months: value })}
            data-testid={`retention-save-${kind}`}
          >
            Save
          </button>
          {policy.months !== null ? (
            <button
              type="button"
              className="button button--secondary"
              disabled={save.busy}
              onClick={() => {
                setText("");
                save.run({ kind, months: null });
              }}
              data-testid={`retention-forever-${kind}`}
            >
              Keep forever
            </button>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}
