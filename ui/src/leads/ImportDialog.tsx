import { useState } from "react";
import { toErrorBody } from "../api/commands";
import type { ErrorBody } from "../bindings/ErrorBody";
import type { ImportPreview } from "../bindings/ImportPreview";
import type { ImportResult } from "../bindings/ImportResult";
import type { TransferProgress } from "../bindings/TransferProgress";
import { Dialog } from "../components/Dialog";
import { DialogActions } from "../components/DialogActions";
import { ErrorCallout } from "../components/ErrorCallout";
import { TransferProgressBar } from "../components/TransferProgressBar";
import { applyImport, previewImport } from "./api";

type Step =
  | { step: "choose" }
  | { step: "checking" }
  | { step: "preview"; csv: string; preview: ImportPreview }
  | { step: "importing"; csv: string; preview: ImportPreview }
  | { step: "done"; result: ImportResult };

/**
 * A CSV import in two steps, offline: every row is checked (by the rules the server
 * applies) and what is wrong with each is shown, then the user chooses to import the
 * valid rows (bad rows are never dropped without being shown). The new leads are queued
 * in one step, with a progress bar, and reach the server with the next sync.
 */
export function ImportDialog({ onClose, onImported }: { onClose: () => void; onImported: () => void }) {
  const [state, setState] = useState<Step>({ step: "choose" });
  const [error, setError] = useState<ErrorBody | null>(null);
  const [progress, setProgress] = useState<TransferProgress | null>(null);

  const choose = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    setState({ step: "checking" });
    try {
      const csv = await file.text();
      setState({ step: "preview", csv, preview: await previewImport(csv) });
    } catch (e) {
      setError(toErrorBody(e));
      setState({ step: "choose" });
    }
  };
  const apply = async (csv: string, preview: ImportPreview) => {
    setError(null);
    setState({ step: "importing", csv, preview });
    setProgress(null);
    try {
      setState({ step: "done", result: await applyImport(csv, setProgress) });
      onImported();
    } catch (e) {
      setError(toErrorBody(e));
      setState({ step: "preview", csv, preview });
    }
  };

  const preview = state.step === "preview" || state.step === "importing" ? state.preview : null;
  return (
    <Dialog
      title="Import leads"
      description="A CSV file with the columns of a Brokerdesk export. Every row is checked before anything is imported; this works offline."
      onClose={onClose}
      testId="import-dialog"
      footer={
        state.step === "done" ? (
          <button type="button" className="button button--primary" onClick={onClose}>
            Close
          </button>
        ) : (
          <DialogActions
            onCancel={onClose}
            label={preview ? `Import ${preview.validRows} valid row${preview.validRows === 1 ? "" : "s"}` : "Import"}
            busyLabel="Importing…"
            busy={state.step === "importing"}
            disabled={!preview || preview.validRows === 0}
            onConfirm={() => state.step === "preview" && void apply(state.csv, state.preview)}
            testId="import-apply"
          />
        )
      }
    >
      {state.step === "choose" || state.step === "checking" ? (
        <input type="file" accept=".csv,text/csv" aria-label="CSV file" disabled={state.step === "checking"} onChange={(e) => void choose(e.target.files?.[0])} data-testid="import-file" />
      ) : null}
      {state.step === "checking" ? <p className="muted">Checking every row…</p> : null}
      {state.step === "importing" && progress ? (
        <TransferProgressBar progress={progress} label="Import progress" unit="rows" testId="import-progress" />
      ) : null}
      {preview ? (
        <>
          <p data-testid="import-summary">
            {preview.validRows} valid, {preview.invalidRows} with errors.
            {preview.invalidRows > 0 ? " Rows with errors are left out; fix them and import them again later." : ""}
          </p>
          <div className="import-rows" role="table" aria-label="Rows in the file">
            {preview.rows
              .filter((r) => !r.valid)
              .map((r) => (
                <div key={r.line} role="row" className="import-row" data-testid="import-error-row">
                  <span role="cell" className="mono">
                    Line {r.line}
                  </span>
                  <span role="cell">{r.name || "(no name)"}</span>
                  <span role="cell">{r.errors.map((e) => (e.column ? `${e.column}: ${e.message}` : e.message)).join(" ")}</span>
                </div>
              ))}
          </div>
        </>
      ) : null}
      {state.step === "done" ? (
        <p role="status" data-testid="import-done">
          Imported {state.result.leadIds.length} lead{state.result.leadIds.length === 1 ? "" : "s"}
          {state.result.skippedLines.length > 0 ? `; skipped lines ${state.result.skippedLines.join(", ")}` : ""}. They show as pending until the server has them.
        </p>
      ) : null}
      {error ? <ErrorCallout error={error} testId="import-error" /> : null}
    </Dialog>
  );
}
