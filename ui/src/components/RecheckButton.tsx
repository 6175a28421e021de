import { RefreshIcon } from "./icons";

interface RecheckButtonProps {
  busy: boolean;
  onClick: () => void;
  testId: string;
  /** What is re-checked; every row's button reads "Check again", so screen readers need this. */
  target: string;
}

export function RecheckButton({ busy, onClick, testId, target }: RecheckButtonProps) {
  return (
    <button
      type="button"
      className="button button--secondary"
      onClick={onClick}
      // Disabled rather than queued: overlapping checks would race each other.
      disabled={busy}
      data-testid={testId}
    >
      <RefreshIcon className={busy ? "button__icon button__icon--spinning" : "button__icon"} />
      Check again
      <span className="visually-hidden">: {target}</span>
    </button>
  );
}
