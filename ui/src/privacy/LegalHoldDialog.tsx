import { useState } from "react";
import type { HoldSubject } from "../bindings/HoldSubject";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { useCommandMutation } from "../hooks/useCommandMutation";
import { queryKeys } from "../lib/queryKeys";
import { setLegalHold } from "./retentionApi";

/** Puts one lead or transaction under a legal hold, with its reason; the server refuses a second hold. */
export function LegalHoldDialog({ subject, subjectId, name, onClose }: { subject: HoldSubject; subjectId: string; name: string; onClose: () => void }) {
  const [reason, setReason] = useState("");
  const hold = useCommandMutation(setLegalHold, [queryKeys.legalHolds], onClose);
  return (
    <ConfirmDialog
      title={`Put ${name} on legal hold?`}
      confirmLabel="Hold"
      busy={hold.busy}
      error={hold.error}
      onConfirm={() => hold.run({ subject, subjectId, reason })}
      onCancel={onClose}
      testId="legal-hold"
    >
      <p>No retention purge touches a held record until the hold is released on the Privacy page.</p>
      <label className="field">
        <span className="field__label">Reason</span>
        <input className="input" value={reason} placeholder="Matter or case number" onChange={(e) => setReason(e.target.value)} data-testid="legal-hold-dialog-reason" />
      </label>
    </ConfirmDialog>
  );
}
