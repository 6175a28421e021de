import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { DotloopCard as DotloopView } from "../bindings/DotloopCard";
import type { DotloopStatus } from "../bindings/DotloopStatus";
import type { RunSummary } from "../bindings/RunSummary";
import { Badge } from "../components/Badge";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { ErrorCallout } from "../components/ErrorCallout";
import { QueryBoundary } from "../components/QueryBoundary";
import { TransferProgressBar } from "../components/TransferProgressBar";
import { NEEDS_CONNECTION } from "../edits/useOffline";
import { useCommandMutation } from "../hooks/useCommandMutation";
import { formatDateTime } from "../lib/formatDate";
import { queryKeys } from "../lib/queryKeys";
import { connectDotloop, disconnectDotloop, dotloopStatus, syncDotloop } from "./api";
import "./dotloop.css";

/** How often the card asks for a running import's progress. */
export const RUN_POLL_MS = 2000;

const RUN_ERRORS: Record<string, string> = {
  dotloop_needs_reconnect: "Dotloop refused the connection. Connect again to resume imports.",
  dotloop_unavailable: "Dotloop did not answer as expected. The next run tries again.",
  quota_exceeded: "The plan's transaction limit was reached. Upgrade to import the rest.",
  interrupted: "The run was cut off (the server stopped). The next run picks up where it left off.",
};

const count = (n: number) => n.toLocaleString("en-US");

function runCounts(run: RunSummary): string {
  return `${count(run.created)} new, ${count(run.updated)} updated, ${count(run.unchanged)} unchanged`;
}

/**
 * The brokerage's Dotloop connection: whether the server is set up for it, the account,
 * a connection Dotloop refused ("needs reconnect"), the last successful import and the
 * latest run's progress (polled while it runs) or failure. Connecting opens Dotloop in the
 * system browser. Offline it shows the last status seen, with its time, and the actions
 * wait for the connection. Shown only to those who may manage Dotloop.
 */
export function DotloopCard({ offline }: { offline: boolean }) {
  const status = useQuery({
    queryKey: queryKeys.dotloop,
    queryFn: dotloopStatus,
    // Read again whenever the card is shown: the status changes on the server (a run
    // from the schedule) without a sync event to say so.
    staleTime: 0,
    refetchInterval: (query) => (query.state.data?.status.latestRun?.status === "running" ? RUN_POLL_MS : false),
  });
  return (
    <section className="card" data-testid="dotloop-card">
      <div className="card__header">
        <h3 className="card__title">Dotloop</h3>
        <p className="card__description">
          The brokerage's Dotloop loops come in as transactions, on a schedule and on demand.
        </p>
      </div>
      <QueryBoundary query={status} testId="dotloop">
        {(view) => <DotloopBody view={view} offline={offline || view.offline} />}
      </QueryBoundary>
    </section>
  );
}

function DotloopBody({ view, offline }: { view: DotloopView; offline: boolean }) {
  const { status } = view;
  return (
    <div className="card__body dotloop" data-testid="dotloop-body">
      {offline ? (
        <p className="muted" data-testid="dotloop-as-of">
          Offline: as of {formatDateTime(view.seenAt)}, when the server last said it.
        </p>
      ) : null}
      {!status.configured ? (
        <p data-testid="dotloop-not-configured">
          Dotloop is not set up on this server. Its operator must give it a Dotloop client id and secret before the
          brokerage can connect.
        </p>
      ) : (
        <>
          <ConnectionLine status={status} />
          <RunLines status={status} />
          <DotloopActions status={status} offline={offline} />
        </>
      )}
    </div>
  );
}

function ConnectionLine({ status }: { status: DotloopStatus }) {
  if (!status.connected) {
    return (
      <p data-testid="dotloop-state">
        <Badge tone="neutral">Not connected</Badge> Connect the brokerage's Dotloop account to bring its loops in as
        transactions.
      </p>
    );
  }
  const account = status.account?.name ?? "Dotloop account";
  const profile = status.account?.profileId ? ` (profile ${status.account.profileId})` : "";
  return (
    <>
      <p data-testid="dotloop-state">
        {status.status === "connected" ? (
          <Badge tone="positive">Connected</Badge>
        ) : (
          <Badge tone="negative">Needs reconnect</Badge>
        )}{" "}
        <strong data-testid="dotloop-account">
          {account}
          {profile}
        </strong>
        <span className="muted"> · since {formatDateTime(status.connectedAt)}</span>
      </p>
      {status.status !== "connected" ? (
        <div className="error-callout" data-testid="dotloop-needs-reconnect">
          <p className="error-callout__message">
            Dotloop no longer accepts this connection: it was revoked, or the same Dotloop login was connected
            elsewhere. Imports are paused until someone connects again.
          </p>
        </div>
      ) : null}
    </>
  );
}

function RunLines({ status }: { status: DotloopStatus }) {
  const latest = status.latestRun;
  const success = status.lastSuccessfulRun;
  return (
    <>
      <p data-testid="dotloop-last-sync">
        Last successful sync:{" "}
        {success ? (
          <>
            {formatDateTime(success.finishedAt ?? success.startedAt)} <span className="muted">({runCounts(success)})</span>
          </>
        ) : (
          "never"
        )}
      </p>
      {latest?.status === "running" ? (
        <div data-testid="dotloop-running">
          <p>Importing from Dotloop… {runCounts(latest)} so far.</p>
          <TransferProgressBar
            progress={{ done: latest.loopsSeen, total: latest.loopsTotal ?? 0 }}
            label="Dotloop import"
            unit="loops"
            testId="dotloop-progress"
          />
        </div>
      ) : null}
      {latest?.status === "failed" ? (
        <ErrorCallout
          testId="dotloop-run-failed"
          error={{
            code: latest.errorCode ?? "failed",
            message: `The import of ${formatDateTime(latest.startedAt)} failed. ${
              RUN_ERRORS[latest.errorCode ?? ""] ?? "The next run tries again."
            }`,
          }}
        />
      ) : null}
    </>
  );
}

function DotloopActions({ status, offline }: { status: DotloopStatus; offline: boolean }) {
  const [disconnecting, setDisconnecting] = useState(false);
  const [opened, setOpened] = useState<string | null>(null);
  const connect = useCommandMutation(connectDotloop, [], (started) => setOpened(started.authorizeUrl));
  const sync = useCommandMutation(syncDotloop, [queryKeys.dotloop]);
  const disconnect = useCommandMutation(disconnectDotloop, [queryKeys.dotloop], () => setDisconnecting(false));
  const hint = offline ? `${NEEDS_CONNECTION}: the Dotloop connection is kept and run by the server.` : undefined;
  const running = status.latestRun?.status === "running";
  const healthy = status.connected && status.status === "connected";
  const failure = connect.error ?? sync.error;
  return (
    <>
      <div className="dotloop__actions">
        {healthy ? (
          <button
            type="button"
            className="button button--primary"
            disabled={offline || running || sync.busy}
            title={hint ?? (running ? "An import is running." : undefined)}
            onClick={() => sync.run(undefined)}
            data-testid="dotloop-sync"
          >
            Sync now
          </button>
        ) : (
          <button
            type="button"
            className="button button--primary"
            disabled={offline || connect.busy}
            title={hint}
            onClick={() => connect.run(undefined)}
            data-testid="dotloop-connect"
          >
            {status.connected ? "Reconnect" : "Connect Dotloop"}
          </button>
        )}
        {status.connected ? (
          <button
            type="button"
            className="button button--ghost"
            disabled={offline}
            title={hint}
            onClick={() => setDisconnecting(true)}
            data-testid="dotloop-disconnect"
          >
            Disconnect
          </button>
        ) : null}
      </div>
      {offline ? (
        <p className="muted" data-testid="dotloop-offline-hint">
          {hint}
        </p>
      ) : null}
      {opened ? (
        <p className="muted" data-testid="dotloop-opened">
          Dotloop's sign-in page opened in your browser; this card updates once you have allowed access. If no browser
          opened, go to <span className="mono">{opened}</span>.
        </p>
      ) : null}
      {failure ? <ErrorCallout error={failure} testId="dotloop-action-error" /> : null}
      {disconnecting ? (
        <ConfirmDialog
          title="Disconnect Dotloop?"
          confirmLabel="Disconnect"
          danger
          busy={disconnect.busy}
          error={disconnect.error}
          onConfirm={() => disconnect.run(undefined)}
          onCancel={() => setDisconnecting(false)}
          testId="dotloop-disconnect-confirm"
        >
          Dotloop's access token is revoked and imports stop. Deals already imported stay.
        </ConfirmDialog>
      ) : null}
    </>
  );
}
