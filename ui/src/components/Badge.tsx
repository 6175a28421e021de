import type { ReactNode } from "react";

export type Tone = "neutral" | "positive" | "negative" | "warning" | "accent";

export function Badge({ tone, children, testId }: { tone: Tone; children: ReactNode; testId?: string }) {
  return (
    <span className={`badge badge--${tone}`} data-testid={testId}>
      {children}
    </span>
  );
}
