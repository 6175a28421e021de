import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useDeferredValue, useState } from "react";
import type { RejectedEdit } from "../bindings/RejectedEdit";
import { PageHeader } from "../components/PageHeader";
import { QueryBoundary } from "../components/QueryBoundary";
import { RejectedEdits } from "../edits/RejectedEdits";
import { can } from "../lib/permissions";
import { useActor } from "../session/SessionContext";
import { transactionKeys } from "./api";
import { DotloopImportDialog } from "./DotloopImportDialog";
import { NewDealDialog } from "./NewDealDialog";
import { TransactionDetailPane } from "./TransactionDetailPane";
import { TransactionTable } from "./TransactionTable";
import { TransactionToolbar } from "./TransactionToolbar";
import { NO_FILTER, type TransactionFilter } from "./transactionFilter";
import { useRosterChoices, useTransactionRows } from "./useTransactions";
import "./transactions.css";

/** Rows from the end at which the next window is read, so scrolling never hits a wall. */
const PREFETCH_ROWS = 50;

/** A refused edit or import, in words; the deal shows the server's copy again. */
function describeEdit(edit: RejectedEdit): string {
  if (edit.entity === "commission_override") return "A split override on a transaction";
  const name = typeof edit.changes.name === "string" ? ` of ${edit.changes.name}` : "";
  if (edit.op !== "create") return `Editing a transaction${name}`;
  return edit.changes.loopViewId ? `Importing loop${name}` : `Adding transaction${name}`;
}

/**
 * The deals over the encrypted cache, as the server lets this user see them (agents get
 * the deals they take part in): filtered, judged for loop health, entered, edited and
 * imported offline, with edits pending until the server has them.
 */
export function TransactionsPage() {
  const actor = useActor();
  const canEdit = can(actor, "write_transactions");
  const queryClient = useQueryClient();
  const [filter, setFilter] = useState<TransactionFilter>(NO_FILTER);
  // Typing stays responsive; the cache is asked once the input settles for a frame.
  const query = useDeferredValue(filter);
  const { query: rowsQuery, rows, total } = useTransactionRows(query);
  const { agents, offices } = useRosterChoices();
  const [openId, setOpenId] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const [adding, setAdding] = useState(false);

  const { hasNextPage, isFetchingNextPage, fetchNextPage } = rowsQuery;
  const onLastVisible = useCallback(
    (index: number) => {
      if (hasNextPage && !isFetchingNextPage && index >= rows.length - PREFETCH_ROWS) void fetchNextPage();
    },
    [hasNextPage, isFetchingNextPage, fetchNextPage, rows.length],
  );

  return (
    <div className="page page--wide tx-page">
      <PageHeader
        title="Transactions"
        description="Every deal on this computer, from Dotloop or entered by hand, with its loop health. Filtering, editing and importing work offline; changes show as pending until the server has them."
        actions={
          canEdit ? (
            <>
              <button type="button" className="button button--secondary" onClick={() => setAdding(true)} data-testid="tx-new-open">
                New deal
              </button>
              <button type="button" className="button button--primary" onClick={() => setImporting(true)} data-testid="tx-import-open">
                Import from Dotloop
              </button>
            </>
          ) : null
        }
      />
      <TransactionToolbar filter={filter} onChange={setFilter} agents={agents} offices={offices} />
      <RejectedEdits entities={["transaction", "commission_override"]} describe={describeEdit} />
      <div className="tx-layout">
        <QueryBoundary query={rowsQuery} testId="transactions">
          {() => (
            <div className="tx-layout__table">
              <TransactionTable rows={rows} openId={openId} onOpen={setOpenId} onLastVisible={onLastVisible} />
              <span className="muted tx-count" data-testid="tx-count">
                {total.toLocaleString("en-US")} transaction{total === 1 ? "" : "s"}
              </span>
            </div>
          )}
        </QueryBoundary>
        {openId ? <TransactionDetailPane key={openId} transactionId={openId} canEdit={canEdit} onClose={() => setOpenId(null)} /> : null}
      </div>
      {adding ? (
        <NewDealDialog
          onClose={() => setAdding(false)}
          onCreated={(deal) => {
            setAdding(false);
            setOpenId(deal.id);
          }}
        />
      ) : null}
      {importing ? (
        <DotloopImportDialog onClose={() => setImporting(false)} onImported={() => void queryClient.invalidateQueries({ queryKey: transactionKeys.all })} />
      ) : null}
    </div>
  );
}
