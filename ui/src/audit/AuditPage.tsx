import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { auditTrail, verifyAuditTrail } from "./api";
import { toErrorBody } from "../api/commands";
import type { ChainVerdict } from "../bindings/ChainVerdict";
import type { ErrorBody } from "../bindings/ErrorBody";
import type { TrailLine } from "../bindings/TrailLine";
import { Badge } from "../components/Badge";
import { ErrorCallout } from "../components/ErrorCallout";
import { PageHeader } from "../components/PageHeader";
import { QueryBoundary } from "../components/QueryBoundary";
import { VirtualTable, type Column } from "../components/VirtualTable";
import { formatDateTime } from "../lib/formatDate";
import { queryKeys } from "../lib/queryKeys";
import { EntryDetails } from "./EntryDetails";
import { VerifyResult } from "./VerifyResult";
import { NO_FILTER, applyFilter, distinctActions, isSupport, type AuditFilter } from "./auditFilter";
import "./AuditPage.css";
import { Field } from "../components/Field";

// The sentence says what happened in today's names; the raw entry (codes, ids, hashes)
// opens beside it from the row.
const COLUMNS: Column<TrailLine>[] = [
  { id: "seq", header: "#", width: "64px", render: (e) => <span className="mono">{e.seq}</span> },
  { id: "when", header: "When", width: "170px", render: (e) => formatDateTime(e.occurredAt) },
  {
    id: "what",
    header: "What happened",
    width: "minmax(320px, 3fr)",
    render: (e) => (
      <span className="audit-sentence" title="Open the raw entry">
        {isSupport(e) ? <Badge tone="warning">Support</Badge> : null}
        {e.sentence}
      </span>
    ),
  },
  { id: "reason", header: "Reason", width: "minmax(140px, 1fr)", render: (e) => e.reason ?? "" },
];

type Verification = { state: "idle" } | { state: "running" } | { state: "done"; verdict: ChainVerdict } | { state: "failed"; error: ErrorBody };

export function AuditPage() {
  const trail = useQuery({ queryKey: queryKeys.audit, queryFn: auditTrail });
  const [filter, setFilter] = useState<AuditFilter>(NO_FILTER);
  const [selected, setSelected] = useState<number | null>(null);
  const [verification, setVerification] = useState<Verification>({ state: "idle" });

  const entries = trail.data;
  const rows = useMemo(() => applyFilter(entries ?? [], filter), [entries, filter]);
  const actions = useMemo(() => distinctActions(entries ?? []), [entries]);
  const selectedEntry = selected === null ? undefined : entries?.find((e) => e.seq === selected);

  const verify = async () => {
    setVerification({ state: "running" });
    try {
      setVerification({ state: "done", verdict: await verifyAuditTrail() });
    } catch (e) {
      setVerification({ state: "failed", error: toErrorBody(e) });
    }
  };
  const showEntry = (seq: number) => {
    setFilter(NO_FILTER);
    setSelected(seq);
  };
  const set = (patch: Partial<AuditFilter>) => setFilter((f) => ({ ...f, ...patch }));

  return (
    <div className="page page--wide">
      <PageHeader
        title="Audit trail"
        description="Every change, sign-in and support access, sealed in a hash chain so any edit or deletion shows."
        actions={
          <button
            type="button"
            className="button button--primary"
            onClick={() => void verify()}
            disabled={verification.state === "running"}
            data-testid="verify-integrity"
          >
            {verification.state === "running" ? "Verifying…" : "Verify integrity"}
          </button>
        }
      />
      {verification.state === "done" ? <VerifyResult verdict={verification.verdict} onShow={showEntry} /> : null}
      {verification.state === "failed" ? <ErrorCallout error={verification.error} testId="verify-error" /> : null}

      <div className="toolbar" role="search" aria-label="Filter the audit trail">
        <Field label="Actor">
          <input className="input" value={filter.actor} onChange={(e) => set({ actor: e.target.value })} placeholder="Any" data-testid="filter-actor" />
        </Field>
        <Field label="Action">
          <select className="select" value={filter.action} onChange={(e) => set({ action: e.target.value })} data-testid="filter-action">
            <option value="">Any action</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </Field>
        <Field label="From">
          <input className="input" type="date" value={filter.from} onChange={(e) => set({ from: e.target.value })} data-testid="filter-from" />
        </Field>
        <Field label="To">
          <input className="input" type="date" value={filter.to} onChange={(e) => set({ to: e.target.value })} data-testid="filter-to" />
        </Field>
        <label className="checkbox audit-support-toggle">
          <input type="checkbox" checked={filter.supportOnly} onChange={(e) => set({ supportOnly: e.target.checked })} data-testid="filter-support" />
          Support accesses only
        </label>
        {entries ? (
          <span className="muted audit-count" data-testid="audit-count">
            {rows.length.toLocaleString("en-US")} of {entries.length.toLocaleString("en-US")} entries
          </span>
        ) : null}
      </div>

      <QueryBoundary query={trail} testId="audit">
        {() => (
          <div className="audit-layout">
            <VirtualTable
              label="Audit entries"
              rows={rows}
              columns={COLUMNS}
              rowKey={(e) => String(e.seq)}
              rowClass={(e) => (isSupport(e) ? "vtable__row--support" : undefined)}
              onOpen={(e) => setSelected(e.seq)}
              selectedKey={selected === null ? null : String(selected)}
              empty="No entries match these filters."
              testId="audit-table"
            />
            {selectedEntry ? <EntryDetails line={selectedEntry} onClose={() => setSelected(null)} /> : null}
          </div>
        )}
      </QueryBoundary>
    </div>
  );
}
