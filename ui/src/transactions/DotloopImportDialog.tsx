import { useState } from "react";
import { toErrorBody } from "../api/commands";
import type { DotloopImportPreview } from "../bindings/DotloopImportPreview";
import type { DotloopImportResult } from "../bindings/DotloopImportResult";
import type { ErrorBody } from "../bindings/ErrorBody";
import type { PreviewRow } from "../bindings/PreviewRow";
import type { RowAction } from "../bindings/RowAction";
import type { TransferProgress } from "../bindings/TransferProgress";
import { Dialog } from "../components/Dialog";
import { DialogActions } from "../components/DialogActions";
import { ErrorCallout } from "../components/ErrorCallout";
import { TransferProgressBar } from "../components/TransferProgressBar";
import { VirtualTable, type Column } from "../components/VirtualTable";
import { applyDotloopImport, fileAsBase64, previewDotloopImport } from "./api";
import { fieldLabel } from "./labels";

type Step =
  | { step: "choose" }
  | { step: "checking" }
  | { step: "preview"; file: string; preview: DotloopImportPreview }
  | { step: "importing"; file: string; preview: DotloopImportPreview }
  | { step: "done"; result: DotloopImportResult };

const ACTION_LABELS: Record<RowAction, string> = {
  create: "New",
  update: "Update",
  unchanged: "Unchanged",
  invalid: "Not imported",
};

const COLUMNS: Column<PreviewRow>[] = [
  { id: "line", header: "Line", width: "70px", render: (r) => <span className="mono">{r.lines.join(", ")}</span> },
  { id: "action", header: "Action", width: "110px", render: (r) => <span className={`tx-action tx-action--${r.action}`}>{ACTION_LABELS[r.action]}</span> },
  { id: "loop", header: "Loop", width: "minmax(160px, 1.2fr)", render: (r) => `${r.name || "(no name)"}${r.loopViewId ? ` · ${r.loopViewId}` : ""}` },
  {
    id: "what",
    header: "Changes and findings",
    width: "minmax(240px, 2fr)",
    render: (r) => (
      <span className="tx-preview-notes">
        {r.action === "update" ? <span>Changes {r.changedFields.map(fieldLabel).join(", ")}</span> : null}
        {r.lines.length > 1 ? <span>{r.lines.length} lines merged</span> : null}
        {r.findings.map((f, i) => (
          <span key={i} className="tx-preview-finding" title={f.message}>
            {f.column}: “{f.value}” ({f.message})
          </span>
        ))}
      </span>
    ),
  },
];

/**
 * A Dotloop CSV export in two steps, offline: the preview says, row by row, what will
 * be created, updated or left unchanged and every value that could not be read (with
 * its column), then the import queues exactly that, with a progress bar; the deals
 * reach the server with the next sync. The file goes to Rust as bytes: core decodes it
 * (Windows-1252 included) and says so.
 */
export function DotloopImportDialog({ onClose, onImported }: { onClose: () => void; onImported: () => void }) {
  const [state, setState] = useState<Step>({ step: "choose" });
  const [error, setError] = useState<ErrorBody | null>(null);
  const [progress, setProgress] = useState<TransferProgress | null>(null);

  const choose = async (picked: File | undefined) => {
    if (!picked) return;
    setError(null);
    setState({ step: "checking" });
    try {
      const file = await fileAsBase64(picked);
      setState({ step: "preview", file, preview: await previewDotloopImport(file) });
    } catch (e) {
      setError(toErrorBody(e));
      setState({ step: "choose" });
    }
  };
  const apply = async (file: string, preview: DotloopImportPreview) => {
    setError(null);
    setProgress(null);
    setState({ step: "importing", file, preview });
    try {
      setState({ step: "done", result: await applyDotloopImport(file, setProgress) });
      onImported();
    } catch (e) {
      setError(toErrorBody(e));
      setState({ step: "preview", file, preview });
    }
  };

  const preview = state.step === "preview" || state.step === "importing" ? state.preview : null;
  const writes = preview ? preview.created + preview.updated : 0;
  return (
    <Dialog
      title="Import from Dotloop"
      description="A CSV export of your loops from Dotloop. Nothing is imported before you have seen what will change; this works offline."
      onClose={onClose}
      testId="dotloop-import-dialog"
      footer={
        state.step === "done" ? (
          <button type="button" className="button button--primary" onClick={onClose} data-testid="dotloop-import-close">
            Close
          </button>
        ) : (
          <DialogActions
            onCancel={onClose}
            label={preview ? `Import ${writes} loop${writes === 1 ? "" : "s"}` : "Import"}
            busyLabel="Importing…"
            busy={state.step === "importing"}
            disabled={!preview || writes === 0}
            onConfirm={() => state.step === "preview" && void apply(state.file, state.preview)}
            testId="dotloop-import-apply"
          />
        )
      }
    >
      {state.step === "choose" || state.step === "checking" ? (
        <input type="file" accept=".csv,text/csv" aria-label="Dotloop export" disabled={state.step === "checking"} onChange={(e) => void choose(e.target.files?.[0])} data-testid="dotloop-import-file" />
      ) : null}
      {state.step === "checking" ? <p className="muted">Reading every loop…</p> : null}
      {state.step === "importing" && progress ? (
        <TransferProgressBar progress={progress} label="Import progress" unit="loops" testId="dotloop-import-progress" />
      ) : null}
      {preview ? (
        <>
          <p data-testid="dotloop-import-summary">
            {preview.created} new, {preview.updated} to update, {preview.unchanged} unchanged
            {preview.invalid > 0 ? `, ${preview.invalid} without a loop view id (not imported)` : ""}; {preview.findings} value
            {preview.findings === 1 ? "" : "s"} to check.
          </p>
          {preview.notices.map((n) => (
            <p key={n} className="notice notice--warning" data-testid="dotloop-import-notice">
              {n}
            </p>
          ))}
          <div className="tx-preview">
            <VirtualTable label="Loops in the file" rows={preview.rows} columns={COLUMNS} rowKey={(r) => r.lines.join("-")} empty="The file has no loops." testId="dotloop-import-rows" />
          </div>
        </>
      ) : null}
      {state.step === "done" ? (
        <div role="status" data-testid="dotloop-import-done">
          <p>
            Queued {state.result.created} new and {state.result.updated} updated transaction{state.result.created + state.result.updated === 1 ? "" : "s"}. They show as pending until the
            server has them.
          </p>
          {state.result.heldBack.map((h) => (
            <p key={`${h.loopViewId}-${h.field}`} className="muted" data-testid="dotloop-import-held-back">
              Loop {h.loopViewId}, {fieldLabel(h.field)}: not sent. {h.reason}
            </p>
          ))}
        </div>
      ) : null}
      {error ? <ErrorCallout error={error} testId="dotloop-import-error" /> : null}
    </Dialog>
  );
}
