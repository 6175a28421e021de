import type { ErrorBody } from "../bindings/ErrorBody";
import type { ExportedReport } from "../bindings/ExportedReport";
import type { TransferProgress } from "../bindings/TransferProgress";
import { ErrorCallout } from "../components/ErrorCallout";

export interface ExportState {
  busy: boolean;
  progress: TransferProgress | null;
  done: ExportedReport | null;
  error: ErrorBody | null;
}

const STEPS = ["Reading the cache…", "Computing figures…", "Drawing…", "Saving…", "Saved"];

/**
 * The PDF and CSV exports, the folder they are saved to (Downloads when empty), their
 * progress and where the file went. Exports work offline and are recorded for the
 * audit trail at the next sync.
 */
export function ExportBar({
  state,
  folder,
  onFolder,
  onExport,
}: {
  state: ExportState;
  folder: string;
  onFolder: (folder: string) => void;
  onExport: (kind: "pdf" | "csv") => void;
}) {
  return (
    <div className="export-bar" data-testid="report-export">
      <div className="export-bar__row">
        <button type="button" className="button button--primary" disabled={state.busy} onClick={() => onExport("pdf")} data-testid="export-pdf">
          Export PDF
        </button>
        <button type="button" className="button button--secondary" disabled={state.busy} onClick={() => onExport("csv")} data-testid="export-csv">
          Export CSV
        </button>
        <label className="export-bar__folder">
          <span className="field__label">Save to folder</span>
          <input className="input" value={folder} placeholder="Downloads" onChange={(e) => onFolder(e.target.value)} data-testid="export-folder" />
        </label>
      </div>
      {state.busy && state.progress ? (
        <div className="transfer">
          <progress className="transfer-progress" max={state.progress.total} value={state.progress.done} aria-label="Export progress" data-testid="export-progress" />
          <span className="muted">{STEPS[state.progress.done] ?? ""}</span>
        </div>
      ) : null}
      {state.done ? (
        <p className="muted export-bar__done" role="status" data-testid="export-done">
          Saved {Math.max(1, Math.round(state.done.bytes / 1024)).toLocaleString("en-US")} KB to <code>{state.done.path}</code>. It reaches the audit trail at the next sync.
        </p>
      ) : null}
      {state.error ? <ErrorCallout error={state.error} testId="export-error" /> : null}
    </div>
  );
}
