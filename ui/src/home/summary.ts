import type { SourceCount } from "../bindings/SourceCount";
import type { LeadSource } from "../bindings/LeadSource";
import { SOURCE_LABELS } from "../leads/labels";

/** "12 new leads" and their sources, largest first: "Web form 7 · Chatbot 5". */
export function leadSummary(sources: SourceCount[]): { total: number; parts: string[] } {
  const total = sources.reduce((sum, s) => sum + s.leads, 0);
  const name = (source: string | null) => (source === null ? "No source" : (SOURCE_LABELS[source as LeadSource] ?? source));
  const parts = [...sources].sort((a, b) => b.leads - a.leads || name(a.source).localeCompare(name(b.source))).map((s) => `${name(s.source)} ${s.leads}`);
  return { total, parts };
}

/** "1 deal" or "3 deals". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}
