import { useId, type ReactNode } from "react";
import type { ErrorBody } from "../bindings/ErrorBody";
import { ErrorCallout } from "./ErrorCallout";

export type StatusTone = "pending" | "positive" | "negative";

interface StatusRowProps {
  label: string;
  /** Also prefixes the test ids of the status text and error callout. */
  testId: string;
  state: string;
  tone: StatusTone;
  statusText: string;
  /** <Detail> items; rendered inside a <dl>. */
  details?: ReactNode;
  error?: ErrorBody | null;
  action?: ReactNode;
}

export function StatusRow({
  label,
  testId,
  state,
  tone,
  statusText,
  details,
  error,
  action,
}: StatusRowProps) {
  const labelId = useId();
  return (
    <div
      className="status-row"
      role="group"
      aria-labelledby={labelId}
      aria-busy={tone === "pending"}
      data-testid={testId}
      data-state={state}
    >
      <div className="status-row__head">
        <h3 id={labelId} className="status-row__label">
          {label}
        </h3>
        <span className={`status-badge status-badge--${tone}`}>
          <span className="status-badge__dot" aria-hidden="true" />
          {/* Live so screen readers hear the result of a re-check. */}
          <span data-testid={`${testId}-text`} aria-live="polite">
            {statusText}
          </span>
        </span>
        {action ? <div className="status-row__action">{action}</div> : null}
      </div>
      {details ? <dl className="status-row__details">{details}</dl> : null}
      {error ? <ErrorCallout error={error} testId={`${testId}-error`} /> : null}
    </div>
  );
}

export function Detail({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="detail">
      <dt className="detail__term">{term}</dt>
      <dd className="detail__value">{children}</dd>
    </div>
  );
}
