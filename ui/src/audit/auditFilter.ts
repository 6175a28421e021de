import type { AuditEntry } from "../bindings/AuditEntry";
import type { TrailLine } from "../bindings/TrailLine";

export interface AuditFilter {
  /** Part of the actor's name, today's or the one the entry kept, any case. */
  actor: string;
  /** An exact action, or "" for all. */
  action: string;
  /** `YYYY-MM-DD`, local days, inclusive; "" for open-ended. */
  from: string;
  to: string;
  supportOnly: boolean;
}

export const NO_FILTER: AuditFilter = { actor: "", action: "", from: "", to: "", supportOnly: false };

/** Staff act in a tenant only through support sessions, so their entries are support accesses. */
export function isSupport(entry: AuditEntry): boolean {
  return entry.actor.kind === "staff";
}

function localDayStart(day: string): number {
  return new Date(`${day}T00:00:00`).getTime();
}

/** Newest first, narrowed by `filter`. */
export function applyFilter(entries: readonly TrailLine[], filter: AuditFilter): TrailLine[] {
  const actor = filter.actor.trim().toLowerCase();
  const from = filter.from ? localDayStart(filter.from) : -Infinity;
  // Through the end of the `to` day.
  const to = filter.to ? localDayStart(filter.to) + 86_400_000 : Infinity;
  const out: TrailLine[] = [];
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i] as TrailLine;
    if (filter.supportOnly && !isSupport(entry)) continue;
    if (filter.action && entry.action !== filter.action) continue;
    if (actor && !`${entry.actorName}\n${entry.actor.display}`.toLowerCase().includes(actor)) continue;
    const at = new Date(entry.occurredAt).getTime();
    if (at < from || at >= to) continue;
    out.push(entry);
  }
  return out;
}

export function distinctActions(entries: readonly AuditEntry[]): string[] {
  return [...new Set(entries.map((e) => e.action))].sort();
}
