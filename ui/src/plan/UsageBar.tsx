import type { Limit } from "../bindings/Limit";

interface UsageBarProps {
  label: string;
  used: number;
  limit: Limit;
  format: (n: number) => string;
  /** What the server does once the limit is reached. */
  atLimit: string;
  testId: string;
}

/** Warn from 80%, so there is time to upgrade before anything is refused. */
const WARN_AT = 0.8;

export function UsageBar({ label, used, limit, format, atLimit, testId }: UsageBarProps) {
  const max = limit.kind === "at_most" ? limit.value : null;
  const share = max === null ? 0 : max === 0 ? 1 : Math.min(used / max, 1);
  const state = max === null ? "unlimited" : used >= max ? "full" : share >= WARN_AT ? "near" : "ok";
  return (
    <div className="usage" data-testid={testId} data-state={state}>
      <div className="usage__head">
        <span className="usage__label">{label}</span>
        <span className="usage__figures">
          {format(used)} {max === null ? "· Unlimited" : `of ${format(max)}`}
        </span>
      </div>
      <div
        className="usage__track"
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={max ?? used}
        aria-valuenow={used}
      >
        <div className={`usage__fill usage__fill--${state}`} style={{ width: `${share * 100}%` }} />
      </div>
      <p className="usage__rule">{max === null ? "No limit on this plan." : atLimit}</p>
    </div>
  );
}

export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

export function formatBytes(bytes: number): string {
  const gb = bytes / 1e9;
  if (gb >= 1) return `${Number(gb.toFixed(2))} GB`;
  return `${Number((bytes / 1e6).toFixed(1))} MB`;
}
