import type { Lead } from "../bindings/Lead";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { useCommandMutation } from "../hooks/useCommandMutation";
import { eraseLead } from "./api";

/**
 * Erases a lead for a privacy request (owners and admins). The dialog names the lead and
 * says what goes and that it cannot be undone. The lead disappears here at once and,
 * after the next sync, from the server and every other device.
 */
export function EraseLeadDialog({ lead, onClose, onErased }: { lead: Lead; onClose: () => void; onErased: () => void }) {
  // The caller refreshes the lead queries once the lead's pane is closed, so the pane
  // never tries to show the lead that is gone.
  const erase = useCommandMutation(() => eraseLead(lead.id), [], onErased);
  return (
    <ConfirmDialog
      title={`Erase ${lead.name}?`}
      confirmLabel="Erase for good"
      danger
      busy={erase.busy}
      error={erase.error}
      onConfirm={() => erase.run(undefined)}
      onCancel={onClose}
      testId="erase-lead"
    >
      <p>
        This erases <strong>{lead.name}</strong> for a privacy request: their contact details, notes, consent ledger, chats and calls are removed from
        the server and from every computer that syncs this brokerage. <strong>It cannot be undone.</strong>
      </p>
      <p className="muted">The audit trail keeps only that a lead was erased, by whom and when, with no personal data.</p>
    </ConfirmDialog>
  );
}
