import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { Edited } from "../bindings/Edited";
import type { PrivacyRequest } from "../bindings/PrivacyRequest";
import type { RejectedEdit } from "../bindings/RejectedEdit";
import { Badge } from "../components/Badge";
import { ErrorCallout } from "../components/ErrorCallout";
import { PageHeader } from "../components/PageHeader";
import { QueryBoundary } from "../components/QueryBoundary";
import { VirtualTable, type Column } from "../components/VirtualTable";
import { RejectedEdits } from "../edits/RejectedEdits";
import { useCommandMutation } from "../hooks/useCommandMutation";
import { EditStateBadge } from "../leads/EditStateBadge";
import { queryKeys } from "../lib/queryKeys";
import { changePrivacyRequest, privacyRequests } from "./api";
import { CloseRequestDialog } from "./CloseRequestDialog";
import { DueCell } from "./DueCell";
import { DueSummaryBar } from "./DueSummaryBar";
import { localToday } from "./dueDates";
import { KIND_LABELS, LAW_LABELS, STATUS_BADGES } from "./labels";
import { LegalHoldsCard } from "./LegalHoldsCard";
import { LinkActionDialog } from "./LinkActionDialog";
import { RecordRequestDialog } from "./RecordRequestDialog";
import { RetentionCard } from "./RetentionCard";
import "./PrivacyPage.css";

type Open =
  | { dialog: "record" }
  | { dialog: "close"; request: PrivacyRequest; status: "completed" | "denied" }
  | { dialog: "link"; request: PrivacyRequest }
  | null;

/** The privacy-request register: what clients asked under the CCPA or the GDPR, and when each answer is due. */
export function PrivacyPage() {
  const register = useQuery({ queryKey: queryKeys.privacyRequests, queryFn: privacyRequests });
  const confirm = useCommandMutation(changePrivacyRequest, [queryKeys.privacyRequests]);
  const [open, setOpen] = useState<Open>(null);
  const today = localToday();

  const columns: Column<Edited<PrivacyRequest>>[] = [
    {
      id: "requester",
      header: "Requester",
      width: "minmax(130px, 2fr)",
      render: ({ record: r }) => (
        <span className="person">
          <span className="person__name">{r.requesterName}</span>
          {r.requesterEmail ? <span className="person__email">{r.requesterEmail}</span> : null}
        </span>
      ),
    },
    // Two lines a cell, as the requester's: the row stays within the window.
    {
      id: "request",
      header: "Request",
      width: "140px",
      render: ({ record: r }) => (
        <span className="person">
          <span>
            {KIND_LABELS[r.kind]} · {LAW_LABELS[r.law]}
          </span>
          <span className="person__email">Received {r.receivedOn}</span>
        </span>
      ),
    },
    { id: "due", header: "Next deadline", width: "170px", render: ({ record: r }) => <DueCell request={r} today={today} /> },
    {
      id: "status",
      header: "Status",
      width: "110px",
      render: ({ record: r, edit }) => (
        <span className="privacy-status">
          <Badge tone={STATUS_BADGES[r.status][0]}>{STATUS_BADGES[r.status][1]}</Badge>
          <EditStateBadge state={edit} testId={`privacy-edit-${r.id}`} />
        </span>
      ),
    },
    {
      id: "actions",
      header: "Linked actions",
      width: "minmax(60px, 1fr)",
      render: ({ record: r }) => {
        const text = r.actions.map((a) => `#${a.auditSeq} ${a.action}`).join(", ");
        return <span className="privacy-actions" title={text}>{text || "None"}</span>;
      },
    },
    {
      id: "row-actions",
      header: "",
      width: "290px",
      render: ({ record: r }) => (
        <span className="row-actions">
          {r.status === "received" ? (
            <RowButton
              label="Confirm"
              disabled={confirm.busy}
              onClick={() => confirm.run({ requestId: r.id, changes: { status: "confirmed", notes: null } })}
              testId={`privacy-confirm-${r.id}`}
            />
          ) : null}
          {r.status === "received" || r.status === "confirmed" ? (
            <>
              <RowButton label="Complete" onClick={() => setOpen({ dialog: "close", request: r, status: "completed" })} testId={`privacy-complete-${r.id}`} />
              <RowButton label="Deny" onClick={() => setOpen({ dialog: "close", request: r, status: "denied" })} testId={`privacy-deny-${r.id}`} />
            </>
          ) : null}
          <RowButton label="Link" onClick={() => setOpen({ dialog: "link", request: r })} testId={`privacy-link-${r.id}`} />
        </span>
      ),
    },
  ];

  return (
    <div className="page page--wide">
      <PageHeader
        title="Privacy requests"
        description="Requests to access, delete or correct personal data under the CCPA or the GDPR, and when each answer is due. Kept for 24 months after closing."
        actions={
          <button type="button" className="button button--primary" onClick={() => setOpen({ dialog: "record" })} data-testid="privacy-record">
            Record a request
          </button>
        }
      />
      <RejectedEdits entities={["privacy_request"]} describe={(edit) => describePrivacyEdit(edit, register.data)} />
      {confirm.error ? <ErrorCallout error={confirm.error} testId="privacy-confirm-error" /> : null}
      <QueryBoundary query={register} testId="privacy">
        {(rows) => (
          <>
            <DueSummaryBar requests={rows.map((row) => row.record)} today={today} />
            <div className="privacy-register">
              <VirtualTable
                label="Privacy requests"
                rows={rows}
                columns={columns}
                rowKey={(row) => row.record.id}
                empty="No privacy requests recorded yet."
                testId="privacy-table"
              />
            </div>
          </>
        )}
      </QueryBoundary>
      <RetentionCard />
      <LegalHoldsCard />
      {open?.dialog === "record" ? <RecordRequestDialog onClose={() => setOpen(null)} /> : null}
      {open?.dialog === "close" ? <CloseRequestDialog request={open.request} status={open.status} onClose={() => setOpen(null)} /> : null}
      {open?.dialog === "link" ? <LinkActionDialog request={open.request} onClose={() => setOpen(null)} /> : null}
    </div>
  );
}

function RowButton({ label, onClick, disabled, testId }: { label: string; onClick: () => void; disabled?: boolean; testId: string }) {
  return (
    <button type="button" className="button button--secondary button--small" onClick={onClick} disabled={disabled} data-testid={testId}>
      {label}
    </button>
  );
}

/** A refused record or change, in words; a refused record is gone from the rows, so its name comes from the edit. */
function describePrivacyEdit(edit: RejectedEdit, rows: Edited<PrivacyRequest>[] = []): string {
  const listed = rows.find((r) => r.record.id === edit.entityId)?.record.requesterName;
  const who = listed ?? (typeof edit.changes.requesterName === "string" ? edit.changes.requesterName : "a requester");
  return edit.op === "create" ? `Recording ${who}'s request` : `Changing ${who}'s request`;
}
