import type { ReactNode } from "react";

/** A labelled form control with an optional hint underneath. */
export function Field({
  label,
  hint,
  hintTestId,
  className,
  children,
}: {
  label: string;
  hint?: ReactNode;
  hintTestId?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <label className={className ? `field ${className}` : "field"}>
      <span className="field__label">{label}</span>
      {children}
      {hint ? (
        <span className="field__hint" data-testid={hintTestId}>
          {hint}
        </span>
      ) : null}
    </label>
  );
}
