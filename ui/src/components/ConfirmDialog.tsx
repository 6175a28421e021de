import type { ReactNode } from "react";
import type { ErrorBody } from "../bindings/ErrorBody";
import { Dialog } from "./Dialog";
import { DialogActions } from "./DialogActions";
import { ErrorCallout } from "./ErrorCallout";

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** Destructive actions get the red button. */
  danger?: boolean;
  busy: boolean;
  error: ErrorBody | null;
  onConfirm: () => void;
  onCancel: () => void;
  testId?: string;
}

export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  danger,
  busy,
  error,
  onConfirm,
  onCancel,
  testId,
}: ConfirmDialogProps) {
  return (
    <Dialog
      title={title}
      onClose={onCancel}
      testId={testId}
      footer={
        <DialogActions
          onCancel={onCancel}
          label={confirmLabel}
          busy={busy}
          danger={danger}
          onConfirm={onConfirm}
          testId={testId ? `${testId}-confirm` : undefined}
        />
      }
    >
      <div className="dialog__text">{children}</div>
      {error ? <ErrorCallout error={error} /> : null}
    </Dialog>
  );
}
