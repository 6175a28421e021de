import { useState } from "react";
import { resendInvitation, revokeInvitation } from "./api";
import type { Edited } from "../bindings/Edited";
import type { InvitationLink } from "../bindings/InvitationLink";
import type { InvitationSummary } from "../bindings/InvitationSummary";
import { Badge } from "../components/Badge";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { ErrorCallout } from "../components/ErrorCallout";
import { VirtualTable, type Column } from "../components/VirtualTable";
import { useCommandMutation } from "../hooks/useCommandMutation";
import { formatDateTime } from "../lib/formatDate";
import { ROLE_LABELS, assignableRoles, type Actor } from "../lib/permissions";
import { queryKeys } from "../lib/queryKeys";
import { NEEDS_CONNECTION } from "../edits/useOffline";
import { InviteLinkDialog } from "./InviteLinkDialog";

const AFFECTS = [queryKeys.invitations, queryKeys.users, queryKeys.plan];

export function InvitationsTable({
  actor,
  rows,
  offline,
}: {
  actor: Actor;
  rows: Edited<InvitationSummary>[];
  offline: boolean;
}) {
  const [link, setLink] = useState<InvitationLink | null>(null);
  const [revoking, setRevoking] = useState<InvitationSummary | null>(null);
  const resend = useCommandMutation(resendInvitation, AFFECTS, setLink);
  const revoke = useCommandMutation(revokeInvitation, AFFECTS, () => setRevoking(null));
  const mayManage = (i: InvitationSummary) => assignableRoles(actor).includes(i.role);

  const columns: Column<Edited<InvitationSummary>>[] = [
    { id: "email", header: "Email", width: "minmax(180px, 2fr)", render: ({ record: i }) => i.email },
    { id: "role", header: "Role", width: "90px", render: ({ record: i }) => ROLE_LABELS[i.role] },
    {
      id: "status",
      header: "Status",
      width: "160px",
      render: ({ record: i, revoking: withdrawn }) =>
        withdrawn ? (
          <Badge tone="warning" testId={`invitation-revoking-${i.email}`}>
            Revoke pending sync
          </Badge>
        ) : i.status === "expired" ? (
          <Badge tone="warning">Expired</Badge>
        ) : (
          <Badge tone="accent">Pending</Badge>
        ),
    },
    { id: "sent", header: "Sent", width: "160px", render: ({ record: i }) => formatDateTime(i.createdAt) },
    { id: "expires", header: "Expires", width: "160px", render: ({ record: i }) => formatDateTime(i.expiresAt) },
    {
      id: "actions",
      header: "",
      width: "160px",
      render: ({ record: i, revoking: withdrawn }) =>
        mayManage(i) && !withdrawn ? (
          <div className="row-actions">
            <button
              type="button"
              className="button button--secondary button--small"
              disabled={resend.busy || offline}
              title={offline ? `${NEEDS_CONNECTION}: it makes the new link.` : undefined}
              onClick={() => resend.run(i.id)}
              data-testid={`resend-${i.email}`}
            >
              Resend
            </button>
            <button
              type="button"
              className="button button--ghost button--small"
              onClick={() => setRevoking(i)}
              data-testid={`revoke-${i.email}`}
            >
              Revoke
            </button>
          </div>
        ) : null,
    },
  ];

  return (
    <>
      {resend.error ? <ErrorCallout error={resend.error} /> : null}
      <VirtualTable
        label="Invitations"
        rows={rows}
        columns={columns}
        rowKey={(row) => row.record.id}
        empty="No open invitations."
        testId="invitations-table"
      />
      {link ? <InviteLinkDialog link={link} onClose={() => setLink(null)} /> : null}
      {revoking ? (
        <ConfirmDialog
          title={`Revoke the invitation for ${revoking.email}?`}
          confirmLabel="Revoke"
          danger
          busy={revoke.busy}
          error={revoke.error}
          onConfirm={() => revoke.run(revoking.id)}
          onCancel={() => setRevoking(null)}
          testId="revoke-dialog"
        >
          The link stops working and the seat is freed, as soon as the server has the change.
        </ConfirmDialog>
      ) : null}
    </>
  );
}
