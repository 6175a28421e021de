import { useRef, useState } from "react";

/**
 * A value to hand on (an invite link, a new API key) with a Copy button. When the
 * clipboard is not available the text is selected instead, ready for Ctrl+C.
 */
export function CopyField({ value, label, testId }: { value: string; label: string; testId?: string }) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    input.current?.select();
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <label className="field">
      <span className="field__label">{label}</span>
      <span className="secret-box">
        <input
          ref={input}
          className="input input--mono"
          value={value}
          readOnly
          onFocus={(e) => e.target.select()}
          data-testid={testId}
        />
        <button type="button" className="button button--secondary" onClick={() => void copy()}>
          {copied ? "Copied" : "Copy"}
        </button>
      </span>
    </label>
  );
}
