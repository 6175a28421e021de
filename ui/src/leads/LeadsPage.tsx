import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useDeferredValue, useState } from "react";
import { PageHeader } from "../components/PageHeader";
import { QueryBoundary } from "../components/QueryBoundary";
import { can } from "../lib/permissions";
import { useActor } from "../session/SessionContext";
import { toErrorBody } from "../api/commands";
import type { ErrorBody } from "../bindings/ErrorBody";
import { ErrorCallout } from "../components/ErrorCallout";
import { matchingLeadIds } from "./api";
import { BulkBar } from "./BulkBar";
import { DncDialog } from "./DncDialog";
import { ExportButton } from "./ExportButton";
import { ImportDialog } from "./ImportDialog";
import { LeadDetailPane } from "./LeadDetailPane";
import { LeadTable } from "./LeadTable";
import { LeadToolbar } from "./LeadToolbar";
import { NewLeadDialog } from "./NewLeadDialog";
import { NO_FILTER, isFiltered, toQuery, type LeadFilter } from "./leadFilter";
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
  const canErase = can(actor, "delete_leads");
  const queryClient = useQueryClient();

  const [filter, setFilter] = useState<LeadFilter>(NO_FILTER);
  // Typing stays responsive; the cache is asked once the input settles for a frame.
  const query = useDeferredValue(filter);
  const { query: rowsQuery, rows } = useLeadRows(query);
  const { agents, nameOf } = useAgents();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [openId, setOpenId] = useState<string | null>(null);
  const [dialog, setDialog] = useState<"new" | "import" | "dnc" | null>(null);
  const [selectingMatching, setSelectingMatching] = useState(false);
  const [selectError, setSelectError] = useState<ErrorBody | null>(null);
  const selectMatching = async () => {
    setSelectingMatching(true);
    setSelectError(null);
    try {
      setSelected(new Set(await matchingLeadIds(toQuery(query, null))));
    } catch (e) {
      setSelectError(toErrorBody(e));
    } finally {
      setSelectingMatching(false);
    }
  };

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
        description="Every lead on this computer, kept in sync. Search, edit, reassign, consent, import and export work offline; changes show as pending until the server has them."
        actions={
          <>
            {canTransfer ? <ExportButton query={toQuery(query, null)} filtered={isFiltered(query)} /> : null}
            <button type="button" className="button button--secondary" onClick={() => setDialog("dnc")} data-testid="dnc-open">
              Do-not-call list
            </button>
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
          onSelectMatching={() => void selectMatching()}
          selectingMatching={selectingMatching}
          onClear={() => setSelected(new Set())}
        />
      ) : null}
      {selectError ? <ErrorCallout error={selectError} /> : null}
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
        {openId ? (
          <LeadDetailPane
            key={openId}
            leadId={openId}
            agents={agents}
            nameOf={nameOf}
            canEdit={canEdit}
            canAssign={canAssign}
            canErase={canErase}
            onClose={() => setOpenId(null)}
          />
        ) : null}
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
      {dialog === "dnc" ? <DncDialog canAdd={canEdit} canRemove={canAssign} onClose={() => setDialog(null)} /> : null}
      {dialog === "import" ? <ImportDialog onClose={() => setDialog(null)} onImported={() => void queryClient.invalidateQueries({ queryKey: leadKeys.all })} /> : null}
    </div>
  );
}
