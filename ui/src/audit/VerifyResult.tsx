import type { BreakReason } from "../bindings/BreakReason";
import type { ChainVerdict } from "../bindings/ChainVerdict";

const REASONS: Record<BreakReason, string> = {
  tenant_mismatch: "it belongs to another brokerage",
  seq_gap: "entries before it are missing",
  seq_out_of_order: "it is out of place: moved or duplicated",
  prev_hash_mismatch: "it does not follow the entry before it, which was altered or removed",
  hash_mismatch: "its content was changed after it was recorded",
};

export function VerifyResult({ verdict, onShow }: { verdict: ChainVerdict; onShow: (seq: number) => void }) {
  if (verdict.status === "intact") {
    return (
      <div className="notice notice--positive" role="status" data-testid="verify-result" data-state="intact">
        <strong>Integrity verified.</strong> All {verdict.entriesChecked.toLocaleString("en-US")} entries form an
        unbroken chain, recomputed on this computer.
      </div>
    );
  }
  return (
    <div className="error-callout verify-broken" role="alert" data-testid="verify-result" data-state="broken">
      <div>
        <strong>The audit trail has been tampered with.</strong> Entry #{verdict.seq} fails the check:{" "}
        {REASONS[verdict.reason]}. Entries after it were not checked.
      </div>
      <button type="button" className="button button--secondary button--small" onClick={() => onShow(verdict.seq)}>
        Show entry #{verdict.seq}
      </button>
    </div>
  );
}
