import type { LeadRow } from "../bindings/LeadRow";
import { VirtualTable, type Column } from "../components/VirtualTable";
import { formatDateTime } from "../lib/formatDate";
import { EditStateBadge } from "./EditStateBadge";
import { SOURCE_LABELS, STAGE_LABELS } from "./labels";

interface LeadTableProps {
  rows: readonly LeadRow[];
  selected: ReadonlySet<string>;
  onToggle: (id: string) => void;
  openId: string | null;
  onOpen: (id: string) => void;
  nameOf: (agent: string | null) => string;
  onLastVisible: (index: number) => void;
  /** Whether rows can be ticked for bulk edits. */
  selectable: boolean;
}

export function LeadTable(props: LeadTableProps) {
  const { rows, selected, onToggle, openId, onOpen, nameOf, onLastVisible, selectable } = props;
  const columns: Column<LeadRow>[] = [
    {
      id: "name",
      header: "Name",
      width: "minmax(180px, 1.6fr)",
      render: ({ lead }) => (
        <span className="lead-name">
          <span className="lead-name__text">{lead.name}</span>
          <span className="lead-name__contact muted">{lead.emails[0] ?? lead.phones[0] ?? ""}</span>
        </span>
      ),
    },
    { id: "stage", header: "Stage", width: "120px", render: ({ lead }) => <span className={`stage stage--${lead.stage}`}>{STAGE_LABELS[lead.stage]}</span> },
    { id: "agent", header: "Agent", width: "minmax(120px, 1fr)", render: ({ lead }) => nameOf(lead.assignedAgent) },
    { id: "source", header: "Source", width: "100px", render: ({ lead }) => SOURCE_LABELS[lead.source] },
    { id: "tags", header: "Tags", width: "minmax(100px, 1fr)", render: ({ lead }) => lead.tags.join(", ") },
    { id: "updated", header: "Updated", width: "150px", render: ({ lead }) => formatDateTime(lead.updatedAt) },
    { id: "sync", header: "", width: "120px", render: ({ edit }) => <EditStateBadge state={edit} /> },
  ];
  if (selectable) {
    columns.unshift({
      id: "select",
      header: "",
      width: "28px",
      render: ({ lead }) => (
        <input
          type="checkbox"
          aria-label={`Select ${lead.name}`}
          checked={selected.has(lead.id)}
          // The row opens the lead on click; ticking must not.
          onClick={(e) => e.stopPropagation()}
          onKeyDown={(e) => e.stopPropagation()}
          onChange={() => onToggle(lead.id)}
          data-testid="lead-select"
        />
      ),
    });
  }
  return (
    <VirtualTable
      label="Leads"
      rows={rows}
      columns={columns}
      rowKey={(r) => r.lead.id}
      rowClass={(r) => (r.edit === "synced" ? undefined : `vtable__row--${r.edit}`)}
      onOpen={(r) => onOpen(r.lead.id)}
      selectedKey={openId}
      empty="No leads match these filters."
      testId="lead-table"
      onLastVisible={onLastVisible}
    />
  );
}
