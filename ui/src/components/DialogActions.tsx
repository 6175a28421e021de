/**
 * Cancel and the dialog's main action. With `form`, the action submits that form, so
 * Enter in any field does the same as the button.
 */
export function DialogActions({
  onCancel,
  label,
  busyLabel,
  busy,
  disabled,
  danger,
  form,
  onConfirm,
  testId,
}: {
  onCancel: () => void;
  label: string;
  busyLabel?: string;
  busy: boolean;
  disabled?: boolean;
  danger?: boolean;
  form?: string;
  onConfirm?: () => void;
  testId?: string;
}) {
  return (
    <>
      <button type="button" className="button button--secondary" onClick={onCancel}>
        Cancel
      </button>
      <button
        type={form ? "submit" : "button"}
        form={form}
        className={danger ? "button button--danger" : "button button--primary"}
        onClick={onConfirm}
        disabled={busy || disabled}
        data-testid={testId}
      >
        {busy ? (busyLabel ?? "Working…") : label}
      </button>
    </>
  );
}
