import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import type { ErrorBody } from "../bindings/ErrorBody";
import type { ExportJob } from "../bindings/ExportJob";
import type { TransferProgress } from "../bindings/TransferProgress";
import { ErrorCallout } from "../components/ErrorCallout";
import { QueryBoundary } from "../components/QueryBoundary";
import { TransferProgressBar } from "../components/TransferProgressBar";
import { NEEDS_CONNECTION } from "../edits/useOffline";
import { useCommandMutation } from "../hooks/useCommandMutation";
import { formatDateTime } from "../lib/formatDate";
import { queryKeys } from "../lib/queryKeys";
import { exportJobs, saveExport, startExport } from "./api";
import "./export.css";

/** How often the card asks for a running export's progress. */
export const EXPORT_POLL_MS = 1000;

const FAILURES: Record<string, string> = {
  interrupted: "The server stopped while writing it.",
};

const isActive = (job: ExportJob | undefined) => job?.status === "queued" || job?.status === "running";

/**
 * "Export all data": the owner starts an export of everything the brokerage holds; the
 * server writes it as a job, whose progress shows as a bar (polled). Once the export
 * started here completes, the save dialog opens; the file is streamed to where the owner
 * chose, with its own bar. A finished export can be saved again until it expires.
 */
export function ExportCard({ offline }: { offline: boolean }) {
  const jobs = useQuery({
    queryKey: queryKeys.exports,
    queryFn: exportJobs,
    staleTime: 0,
    enabled: !offline,
    refetchInterval: (query) => (isActive(query.state.data?.[0]) ? EXPORT_POLL_MS : false),
  });
  return (
    <section className="card" data-testid="export-card">
      <div className="card__header">
        <h3 className="card__title">Export all data</h3>
        <p className="card__description">
          Everything the brokerage holds (members, leads with their consent, chats and calls, the do-not-call list,
          deals, the roster, commission plans with their assignments and split overrides, the knowledge base, privacy
          requests and the audit trail) as one ZIP of JSON and CSV files. Secrets
          such as passwords and keys are never in it.
        </p>
      </div>
      {offline ? (
        <div className="card__body">
          <p className="muted" data-testid="export-offline">
            {NEEDS_CONNECTION}: the server writes the export.
          </p>
        </div>
      ) : (
        <QueryBoundary query={jobs} testId="export">
          {(list) => <ExportBody latest={list[0]} />}
        </QueryBoundary>
      )}
    </section>
  );
}

function ExportBody({ latest }: { latest: ExportJob | undefined }) {
  // The export started from this card: its completion opens the save dialog once.
  const [startedHere, setStartedHere] = useState<string | null>(null);
  const start = useCommandMutation(startExport, [queryKeys.exports], (job) => setStartedHere(job.id));
  const save = useSave();
  const running = isActive(latest);
  const { run: saveRun } = save;
  useEffect(() => {
    if (latest && latest.id === startedHere && latest.status === "completed") {
      setStartedHere(null);
      saveRun(latest.id);
    }
  }, [latest, startedHere, saveRun]);
  return (
    <div className="card__body export" data-testid="export-body">
      {latest ? <JobLines job={latest} /> : null}
      <div className="export__actions">
        <button
          type="button"
          className="button button--primary"
          disabled={running || start.busy || save.progress !== null}
          title={running ? "An export is being written." : undefined}
          onClick={() => start.run(undefined)}
          data-testid="export-start"
        >
          Export all data
        </button>
        {latest?.status === "completed" ? (
          <button
            type="button"
            className="button button--ghost"
            disabled={save.progress !== null}
            onClick={() => saveRun(latest.id)}
            data-testid="export-save"
          >
            Save…
          </button>
        ) : null}
      </div>
      {save.progress ? (
        <TransferProgressBar progress={save.progress} label="Saving the export" unit="bytes" testId="export-download" />
      ) : null}
      {save.saved ? (
        <p data-testid="export-saved">
          Saved to <span className="mono">{save.saved}</span>.
        </p>
      ) : null}
      {save.cancelled ? (
        <p className="muted" data-testid="export-not-saved">
          Not saved. Use Save… to choose a place again.
        </p>
      ) : null}
      {start.error ? <ErrorCallout error={start.error} testId="export-start-error" /> : null}
      {save.error ? <ErrorCallout error={save.error} testId="export-save-error" /> : null}
    </div>
  );
}

function JobLines({ job }: { job: ExportJob }) {
  if (job.status === "queued" || job.status === "running") {
    return (
      <div data-testid="export-running">
        <p>{job.status === "queued" ? "Waiting for the server to start the export…" : "Writing the export…"}</p>
        <TransferProgressBar
          progress={{ done: job.rowsDone, total: job.rowsTotal }}
          label="Export of all data"
          unit="records"
          testId="export-progress"
        />
      </div>
    );
  }
  if (job.status === "failed") {
    const why = FAILURES[job.errorCode ?? ""] ?? "Something went wrong on the server.";
    return (
      <ErrorCallout
        testId="export-failed"
        error={{ code: job.errorCode ?? "failed", message: `The export of ${formatDateTime(job.createdAt)} failed. ${why} Start a new one.` }}
      />
    );
  }
  if (job.status === "expired") {
    return (
      <p className="muted" data-testid="export-expired">
        The last export ({formatDateTime(job.createdAt)}) has expired. Start a new one to download the data.
      </p>
    );
  }
  return (
    <p data-testid="export-completed">
      Last export: {formatDateTime(job.finishedAt ?? job.createdAt)}, {job.rowsDone.toLocaleString("en-US")} records.{" "}
      <span className="muted">It can be saved until {formatDateTime(job.expiresAt ?? job.createdAt)}.</span>
    </p>
  );
}

/** Saving through the shell: its progress, and where the file went (or that it did not). */
function useSave() {
  const [progress, setProgress] = useState<TransferProgress | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [cancelled, setCancelled] = useState(false);
  const [error, setError] = useState<ErrorBody | null>(null);
  const busy = useRef(false);
  const run = useRef(async (exportId: string) => {
    if (busy.current) return;
    busy.current = true;
    setSaved(null);
    setCancelled(false);
    setError(null);
    setProgress({ done: 0, total: 0 });
    try {
      const path = await saveExport(exportId, setProgress);
      if (path === null) setCancelled(true);
      else setSaved(path);
    } catch (e) {
      setError(e as ErrorBody);
    } finally {
      busy.current = false;
      setProgress(null);
    }
  }).current;
  return { run, progress, saved, cancelled, error };
}
