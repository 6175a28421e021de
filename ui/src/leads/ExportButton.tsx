import { useState } from "react";
import { toErrorBody } from "../api/commands";
import type { ErrorBody } from "../bindings/ErrorBody";
import type { ExportedFile } from "../bindings/ExportedFile";
import type { LeadListQuery } from "../bindings/LeadListQuery";
import type { TransferProgress } from "../bindings/TransferProgress";
import { ErrorCallout } from "../components/ErrorCallout";
import { exportLeads } from "./api";

/**
 * Exports the cached leads the table's filters match to CSV (works offline), with a
 * progress bar fed from Rust.
 */
export function ExportButton({ query, filtered }: { query: LeadListQuery; filtered: boolean }) {
  const [progress, setProgress] = useState<TransferProgress | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<ExportedFile | null>(null);
  const [error, setError] = useState<ErrorBody | null>(null);
  const run = async () => {
    setBusy(true);
    setDone(null);
    setError(null);
    setProgress(null);
    try {
      setDone(await exportLeads(query, setProgress));
    } catch (e) {
      setError(toErrorBody(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="export">
      <button type="button" className="button button--secondary" onClick={() => void run()} disabled={busy} data-testid="export-leads">
        {busy ? "Exporting…" : filtered ? "Export filtered CSV" : "Export CSV"}
      </button>
      {busy && progress ? (
        <progress className="transfer-progress" max={Math.max(progress.total, 1)} value={progress.done} aria-label="Export progress" data-testid="export-progress" />
      ) : null}
      {done ? (
        <span className="muted export__done" role="status" data-testid="export-done">
          {done.leads.toLocaleString("en-US")} leads saved to {done.path}
        </span>
      ) : null}
      {error ? <ErrorCallout error={error} /> : null}
    </div>
  );
}
