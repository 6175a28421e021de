import { useId, useRef } from "react";
import type { Finding } from "../bindings/Finding";
import { segments } from "./spans";

interface LintedTextAreaProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** The findings in this field; those the text has moved past are not drawn. */
  findings: readonly Finding[];
  rows?: number;
  readOnly?: boolean;
  testId?: string;
}

/**
 * A textarea whose flagged words are highlighted where they stand: a copy of the text
 * with marks sits behind the (transparent) textarea, in the same font and wrapping,
 * and scrolls with it.
 */
export function LintedTextArea({ label, value, onChange, findings, rows = 4, readOnly, testId }: LintedTextAreaProps) {
  const id = useId();
  const backdrop = useRef<HTMLDivElement>(null);
  return (
    <div className="field">
      {/* Not a wrapping <label>: the backdrop's copy of the text must not join the name. */}
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <div className="linted">
        <div className="linted__backdrop input textarea" aria-hidden="true" ref={backdrop}>
          {segments(value, findings).map((segment, index) =>
            segment.finding ? (
              <mark key={index} className={`lint-mark lint-mark--${segment.finding.severity}`} data-mark data-severity={segment.finding.severity}>
                {segment.text}
              </mark>
            ) : (
              <span key={index}>{segment.text}</span>
            ),
          )}
          {/* A trailing line break would otherwise collapse and put the backdrop a line short. */}
          {"\n"}
        </div>
        <textarea
          id={id}
          className="linted__input input textarea"
          value={value}
          rows={rows}
          readOnly={readOnly}
          spellCheck
          onChange={(e) => onChange(e.target.value)}
          onScroll={(e) => {
            if (backdrop.current) backdrop.current.scrollTop = e.currentTarget.scrollTop;
          }}
          data-testid={testId}
        />
      </div>
    </div>
  );
}
