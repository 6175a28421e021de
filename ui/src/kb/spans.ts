import type { Finding } from "../bindings/Finding";
import type { Severity } from "../bindings/Severity";

// The lint runs in Rust, which counts a finding's span in chars (Unicode code points);
// JavaScript strings count UTF-16 units, where an emoji or any character beyond the
// basic plane takes two. Every span crosses over here before it touches a string.

/** The UTF-16 index of the `codePoints`-th code point of `text` (its length past the end). */
export function utf16Index(text: string, codePoints: number): number {
  let index = 0;
  for (let seen = 0; seen < codePoints && index < text.length; seen++) {
    index += (text.codePointAt(index) ?? 0) > 0xffff ? 2 : 1;
  }
  return index;
}

export interface Span {
  from: number;
  to: number;
}

/** Where a finding sits in `text`, in UTF-16 indexes. */
export function spanOf(text: string, finding: Finding): Span {
  return { from: utf16Index(text, finding.start), to: utf16Index(text, finding.end) };
}

/**
 * Whether the finding still describes `text`: the lint answers a little after each
 * keystroke, so the text may have moved on since it was linted.
 */
export function stillAt(text: string, finding: Finding): boolean {
  const { from, to } = spanOf(text, finding);
  return text.slice(from, to) === finding.text;
}

/** `text` with the finding's words replaced by `wording`. */
export function replaceSpan(text: string, finding: Finding, wording: string): string {
  const { from, to } = spanOf(text, finding);
  return text.slice(0, from) + wording + text.slice(to);
}

export type Segment = { text: string; finding: null } | { text: string; finding: Finding };

const RANK: Record<Severity, number> = { block: 3, warn: 2, info: 1 };

export function severityRank(severity: Severity): number {
  return RANK[severity];
}

/**
 * `text` cut into plain runs and flagged runs, for highlighting. Where findings
 * overlap, the one starting first (the more severe at a tie) is highlighted; the
 * others still appear in the findings list.
 */
export function segments(text: string, findings: readonly Finding[]): Segment[] {
  const current = findings
    .filter((f) => stillAt(text, f))
    .sort((a, b) => a.start - b.start || RANK[b.severity] - RANK[a.severity]);
  const out: Segment[] = [];
  let at = 0;
  for (const finding of current) {
    const { from, to } = spanOf(text, finding);
    if (from < at || to <= from) continue;
    if (from > at) out.push({ text: text.slice(at, from), finding: null });
    out.push({ text: text.slice(from, to), finding });
    at = to;
  }
  if (at < text.length) out.push({ text: text.slice(at), finding: null });
  return out;
}
