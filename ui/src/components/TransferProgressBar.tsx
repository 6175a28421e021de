import type { TransferProgress } from "../bindings/TransferProgress";

/** How far a long transfer in Rust has come: a bar and "250 of 1,000 rows". */
export function TransferProgressBar({ progress, label, unit, testId }: { progress: TransferProgress; label: string; unit: string; testId: string }) {
  return (
    <div className="transfer">
      <progress className="transfer-progress" max={Math.max(progress.total, 1)} value={progress.done} aria-label={label} data-testid={testId} />
      <span className="muted" data-testid={`${testId}-text`}>
        {transferText(progress, unit)}
      </span>
    </div>
  );
}

/** Until the size is known there is nothing to count against: say so rather than "0 of 0". */
export function transferText({ done, total }: TransferProgress, unit: string): string {
  const count = (n: number) => n.toLocaleString("en-US");
  if (total > 0) return `${count(done)} of ${count(total)} ${unit}`;
  return done > 0 ? `${count(done)} ${unit}` : "Starting…";
}
