import type { TransactionRow } from "../bindings/TransactionRow";
import { VirtualTable, type Column } from "../components/VirtualTable";
import { EditStateBadge } from "../leads/EditStateBadge";
import { STATUS_GROUP_LABELS, codeLabel, formatMoney } from "./labels";

interface TransactionTableProps {
  rows: readonly TransactionRow[];
  openId: string | null;
  onOpen: (id: string) => void;
  onLastVisible: (index: number) => void;
}

const COLUMNS: Column<TransactionRow>[] = [
  {
    id: "name",
    header: "Transaction",
    width: "minmax(200px, 2fr)",
    render: (r) => (
      <span className="tx-name">
        <span className="tx-name__text">{r.name}</span>
        <span className="muted">{r.address || r.mlsNumber || ""}</span>
      </span>
    ),
  },
  {
    id: "status",
    header: "Status",
    width: "150px",
    render: (r) => (
      <span className="tx-status">
        <span className={`tx-group tx-group--${r.statusGroup}`}>{STATUS_GROUP_LABELS[r.statusGroup]}</span>
        <span className="muted">{codeLabel(r.status)}</span>
      </span>
    ),
  },
  { id: "type", header: "Type", width: "130px", render: (r) => codeLabel(r.transactionType) },
  { id: "price", header: "Price", width: "120px", render: (r) => formatMoney(r.price) },
  { id: "closing", header: "Closing", width: "100px", render: (r) => r.closingDate ?? "" },
  { id: "agents", header: "Agents", width: "minmax(120px, 1fr)", render: (r) => r.agents.join(", ") },
  {
    id: "quality",
    header: "Quality",
    width: "80px",
    render: (r) => (
      <span className={`tx-score${r.qualityScore < 80 ? " tx-score--low" : ""}`} title={`${r.findings} finding${r.findings === 1 ? "" : "s"}`}>
        {r.qualityScore}
      </span>
    ),
  },
  { id: "sync", header: "", width: "120px", render: (r) => <EditStateBadge state={r.edit} /> },
];

/** The deals, virtualised: only the rows in view are in the page. */
export function TransactionTable({ rows, openId, onOpen, onLastVisible }: TransactionTableProps) {
  return (
    <VirtualTable
      label="Transactions"
      rows={rows}
      columns={COLUMNS}
      rowKey={(r) => r.id}
      rowClass={(r) => (r.edit === "synced" ? undefined : `vtable__row--${r.edit}`)}
      onOpen={(r) => onOpen(r.id)}
      selectedKey={openId}
      empty="No transactions match these filters."
      testId="tx-table"
      onLastVisible={onLastVisible}
    />
  );
}
