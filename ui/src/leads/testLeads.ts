import type { Lead } from "../bindings/Lead";
import type { LeadDetail } from "../bindings/LeadDetail";
import type { LeadListQuery } from "../bindings/LeadListQuery";
import type { LeadRow } from "../bindings/LeadRow";
import type { LeadRowPage } from "../bindings/LeadRowPage";
import { TEAM } from "../test/fixtures";

/** Test data for the lead screens. */
export function lead(n: number, overrides: Partial<Lead> = {}): Lead {
  return {
    id: `0190b000-0000-7000-8000-${String(n).padStart(12, "0")}`,
    name: `Lead ${n}`,
    emails: [`lead${n}@example.com`],
    phones: ["+14155550100"],
    source: "chatbot",
    sourceDetail: null,
    stage: "new",
    assignedAgent: TEAM[2]?.id ?? null,
    budgetMin: null,
    budgetMax: null,
    preferences: { areas: [], propertyType: null, beds: null, baths: null, timeframe: null },
    tags: [],
    notes: "",
    timeZone: null,
    createdAt: "2026-03-01T10:00:00Z",
    updatedAt: "2026-03-02T10:00:00Z",
    lastActivityAt: null,
    version: 1,
    ...overrides,
  };
}

export const synced = (l: Lead): LeadRow => ({ lead: l, edit: "synced" });

/** A list_leads handler over `rows` that applies the filters the way the cache does. */
export function listFrom(rows: LeadRow[]) {
  return (args: Record<string, unknown>): LeadRowPage => {
    const q = args.query as LeadListQuery;
    const needle = q.q?.toLowerCase();
    return {
      rows: rows.filter(
        ({ lead: l }) =>
          (!q.stage || l.stage === q.stage) &&
          (!q.agent || l.assignedAgent === q.agent) &&
          (!q.source || l.source === q.source) &&
          (!q.tag || l.tags.includes(q.tag)) &&
          (!needle || l.name.toLowerCase().includes(needle) || l.emails.some((e) => e.includes(needle))),
      ),
      nextCursor: null,
    };
  };
}

export function detail(l: Lead, overrides: Partial<LeadDetail> = {}): LeadDetail {
  return {
    lead: l,
    edit: "synced",
    rejections: [],
    consents: [],
    timeline: [{ kind: "created", at: l.createdAt, source: l.source }],
    ...overrides,
  };
}

export const allowedCall = {
  allowed: true,
  reason: "allowed",
  message: "Written consent on file; it is 10:15 in America/New_York.",
  localTime: "10:15",
  timeZone: "America/New_York",
};
