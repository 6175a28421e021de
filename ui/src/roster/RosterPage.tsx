import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { Edited } from "../bindings/Edited";
import type { RejectedEdit } from "../bindings/RejectedEdit";
import type { RosterAgent } from "../bindings/RosterAgent";
import { PageHeader } from "../components/PageHeader";
import { QueryBoundary } from "../components/QueryBoundary";
import { VirtualTable, type Column } from "../components/VirtualTable";
import { RejectedEdits } from "../edits/RejectedEdits";
import { EditStateBadge } from "../leads/EditStateBadge";
import { can } from "../lib/permissions";
import { queryKeys } from "../lib/queryKeys";
import { listUsers } from "../members/api";
import { useActor } from "../session/SessionContext";
import { ROSTER_KEY, rosterRows } from "./api";
import { RosterAgentDialog } from "./RosterAgentDialog";

/** The roster of commission-earning agents; those who manage it add and edit agents. */
export function RosterPage() {
  const actor = useActor();
  const mayManage = can(actor, "manage_roster");
  const roster = useQuery({ queryKey: ROSTER_KEY, queryFn: rosterRows });
  const members = useQuery({ queryKey: queryKeys.users, queryFn: listUsers });
  // undefined: closed; null: adding; an agent: editing it.
  const [editing, setEditing] = useState<RosterAgent | null | undefined>(undefined);
  const memberName = (id: string | null) => (id ? (members.data?.find((m) => m.id === id)?.displayName ?? "A member") : "");

  // The minimum widths add up to less than the page's 1,008 px at a 1,280 px window, so
  // the Edit button is never scrolled out of sight.
  const columns: Column<Edited<RosterAgent>>[] = [
    { id: "name", header: "Name", width: "minmax(140px, 2fr)", render: ({ record: a }) => a.name },
    { id: "email", header: "Email", width: "minmax(160px, 2fr)", render: ({ record: a }) => a.email },
    { id: "member", header: "Member", width: "120px", render: ({ record: a }) => memberName(a.memberId) },
    { id: "office", header: "Office", width: "100px", render: ({ record: a }) => a.office ?? "" },
    { id: "team", header: "Team", width: "110px", render: ({ record: a }) => a.team ?? "" },
    { id: "anniversary", header: "Anniversary", width: "100px", render: ({ record: a }) => a.anniversary ?? "" },
    {
      id: "state",
      header: "",
      width: "150px",
      render: (row) => (
        <span className="row-actions">
          <EditStateBadge state={row.edit} testId={`roster-edit-${row.record.email}`} />
          {mayManage ? (
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={() => setEditing(row.record)}
              data-testid={`roster-edit-open-${row.record.email}`}
            >
              Edit
            </button>
          ) : null}
        </span>
      ),
    },
  ];

  return (
    <div className="page page--wide">
      <PageHeader
        title="Roster"
        description="The agents who earn commission, matched to deals by email. Changes work offline and show as pending until the server has them."
        actions={
          mayManage ? (
            <button type="button" className="button button--primary" onClick={() => setEditing(null)} data-testid="roster-add">
              Add agent
            </button>
          ) : null
        }
      />
      <RejectedEdits entities={["roster_agent"]} describe={(edit) => describeRosterEdit(edit, roster.data)} />
      <QueryBoundary query={roster} testId="roster">
        {(rows) => (
          <VirtualTable
            label="Roster"
            rows={rows}
            columns={columns}
            rowKey={(row) => row.record.id}
            empty="No agents on the roster yet."
            testId="roster-table"
          />
        )}
      </QueryBoundary>
      {editing !== undefined ? <RosterAgentDialog agent={editing ?? undefined} onClose={() => setEditing(undefined)} /> : null}
    </div>
  );
}

/** A refused add or edit, in words; a refused add is gone from the rows, so its name comes from the edit. */
function describeRosterEdit(edit: RejectedEdit, rows: Edited<RosterAgent>[] = []): string {
  const listed = rows.find((r) => r.record.id === edit.entityId)?.record.name;
  const who = listed ?? (typeof edit.changes.name === "string" ? edit.changes.name : "an agent");
  return edit.op === "create" ? `Adding ${who} to the roster` : `Editing ${who}`;
}
