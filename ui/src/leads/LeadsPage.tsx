import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useDeferredValue, useState } from "react";
import { PageHeader } from "../components/PageHeader";
import { QueryBoundary } from "../components/QueryBoundary";
import { can } from "../lib/permissions";
import { useActor } from "../session/SessionContext";
import { BulkBar } from "./BulkBar";
import { ExportButton } from "./ExportButton";
import { ImportDialog } from "./ImportDialog";
import { LeadDetailPane } from "./LeadDetailPane";
import { LeadTable } from "./LeadTable";
import { LeadToolbar } from "./LeadToolbar";
import { NewLeadDialog } from "./NewLeadDialog";
import { NO_FILTER, type LeadFilter } from "./leadFilter";
import { leadKeys, useAgents, useLeadRows } from "./useLeads";
import "./leads.css";

/** Rows from the end at which the next page is read, so scrolling never hits a wall. */
const PREFETCH_ROWS = 50;

/**
 * The lead table over the encrypted cache: what the server let this user see (agents
 * get only their own leads), searchable and editable offline.
 */
export function LeadsPage() {
  const actor = useActor();
  const canEdit = can(actor, "write_leads");
  const canAssign = can(actor, "write_all_leads");
  const canTransfer = can(actor, "import_export_leads");
  const queryClient = useQueryClient();

  const [filter, setFilter] = useState<LeadFilter>(NO_FILTER);
  // Typing stays responsive; the cache is asked once the input settles for a frame.
  const query = useDeferredValue(filter);
  const { query: rowsQuery, rows } = useLeadRows(query);
  const { agents, nameOf } = useAgents();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [openId, setOpenId] = useState<string | null>(null);
  const [dialog, setDialog] = useState<"new" | "import" | null>(null);

  const { hasNextPage, isFetchingNextPage, fetchNextPage } = rowsQuery;
  const onLastVisible = useCallback(
    (index: number) => {
      if (hasNextPage && !isFetchingNextPage && index >= rows.length - PREFETCH_ROWS) void fetchNextPage();
    },
    [hasNextPage, isFetchingNextPage, fetchNextPage, rows.length],
  );
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  return (
    <div className="page page--wide leads-page">
      <PageHeader
        title="Leads"
        description="Every lead on this computer, kept in sync. Search, edit and reassign work offline; changes show as pending until the server has them."
        actions={
          <>
            {canTransfer ? <ExportButton /> : null}
            {canTransfer ? (
              <button type="button" className="button button--secondary" onClick={() => setDialog("import")} data-testid="import-leads">
                Import CSV
              </button>
            ) : null}
            {canEdit ? (
              <button type="button" className="button button--primary" onClick={() => setDialog("new")} data-testid="new-lead">
                New lead
              </button>
            ) : null}
          </>
        }
      />
      <LeadToolbar filter={filter} onChange={setFilter} agents={agents} />
      {canEdit ? (
        <BulkBar
          selected={[...selected]}
          agents={agents}
          canAssign={canAssign}
          onSelectAll={() => setSelected(new Set(rows.map((r) => r.lead.id)))}
          onClear={() => setSelected(new Set())}
        />
      ) : null}
      <div className="leads-layout">
        <QueryBoundary query={rowsQuery} testId="leads">
          {() => (
            <div className="leads-layout__table">
              <LeadTable
                rows={rows}
                selected={selected}
                onToggle={toggle}
                openId={openId}
                onOpen={setOpenId}
                nameOf={nameOf}
                onLastVisible={onLastVisible}
                selectable={canEdit}
              />
              <span className="muted leads-count" data-testid="lead-count">
                {rows.length.toLocaleString("en-US")}
                {hasNextPage ? "+" : ""} lead{rows.length === 1 ? "" : "s"}
              </span>
            </div>
          )}
        </QueryBoundary>
        {openId ? <LeadDetailPane key={openId} leadId={openId} agents={agents} canEdit={canEdit} canAssign={canAssign} onClose={() => setOpenId(null)} /> : null}
      </div>
      {dialog === "new" ? (
        <NewLeadDialog
          onClose={() => setDialog(null)}
          onCreated={(id) => {
            setDialog(null);
            setOpenId(id);
          }}
        />
      ) : null}
      {dialog === "import" ? <ImportDialog onClose={() => setDialog(null)} onImported={() => void queryClient.invalidateQueries({ queryKey: leadKeys.all })} /> : null}
    </div>
  );
}
