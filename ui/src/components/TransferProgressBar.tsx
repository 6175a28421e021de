import type { TransferProgress } from "../bindings/TransferProgress";

/** How far a long transfer in Rust has come: a bar and "250 of 1,000 rows". */
export function TransferProgressBar({ progress, label, unit, testId }: { progress: TransferProgress; label: string; unit: string; testId: string }) {
  return (
    <div className="transfer">
      <progress className="transfer-progress" max={Math.max(progress.total, 1)} value={progress.done} aria-label={label} data-testid={testId} />
      <span className="muted" data-testid={`${testId}-text`}>
        {progress.done.toLocaleString("en-US")} of {progress.total.toLocaleString("en-US")} {unit}
      </span>
    </div>
  );
}
