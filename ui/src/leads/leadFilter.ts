import type { LeadListQuery } from "../bindings/LeadListQuery";
import type { LeadSort } from "../bindings/LeadSort";
import type { LeadSource } from "../bindings/LeadSource";
import type { LeadStage } from "../bindings/LeadStage";

/** The dates a lead can be filtered on: created, last updated, last conversation or call. */
export const DATE_FIELDS = ["created", "updated", "activity"] as const;
export type DateField = (typeof DATE_FIELDS)[number];

/** A range of whole days, `YYYY-MM-DD`, both ends included; empty means open. */
export interface DayRange {
  from: string;
  to: string;
}

/** What the toolbar narrows the table to; empty strings mean "any". */
export interface LeadFilter {
  q: string;
  stage: LeadStage | "";
  agent: string;
  source: LeadSource | "";
  tag: string;
  sort: LeadSort;
  dates: Record<DateField, DayRange>;
}

const ANY_DAY: DayRange = { from: "", to: "" };

export const NO_FILTER: LeadFilter = {
  q: "",
  stage: "",
  agent: "",
  source: "",
  tag: "",
  sort: "updated_desc",
  dates: { created: ANY_DAY, updated: ANY_DAY, activity: ANY_DAY },
};

/** Rows per page read from the cache; the table asks for the next page near its end. */
export const PAGE_SIZE = 200;

/** Midnight at the start of `day` (or, with `after`, of the day after), on this computer's clock. */
function dayStart(day: string, after = false): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  const [, y, m, d] = match.map(Number);
  return new Date(y!, m! - 1, d! + (after ? 1 : 0)).toISOString();
}

/** The query's `…From` (inclusive) and `…To` (exclusive): a range of days ends after its last day. */
function bounds(range: DayRange): [string | null, string | null] {
  return [dayStart(range.from), dayStart(range.to, true)];
}

export function toQuery(filter: LeadFilter, after: string | null): LeadListQuery {
  const blank = (v: string) => (v.trim() === "" ? null : v.trim());
  const [createdFrom, createdTo] = bounds(filter.dates.created);
  const [updatedFrom, updatedTo] = bounds(filter.dates.updated);
  const [activityFrom, activityTo] = bounds(filter.dates.activity);
  return {
    q: blank(filter.q),
    stage: filter.stage || null,
    agent: blank(filter.agent),
    source: filter.source || null,
    tag: blank(filter.tag),
    sort: filter.sort,
    createdFrom,
    createdTo,
    updatedFrom,
    updatedTo,
    activityFrom,
    activityTo,
    after,
    limit: PAGE_SIZE,
  };
}

/** A filter read back from storage, where older builds saved fewer fields: missing ones are "any". */
export function withDefaults(saved: Partial<LeadFilter>): LeadFilter {
  return { ...NO_FILTER, ...saved, dates: { ...NO_FILTER.dates, ...saved.dates } };
}

/** Whether any filter narrows the leads (the sort order does not). */
export function isFiltered(filter: LeadFilter): boolean {
  return JSON.stringify({ ...filter, sort: NO_FILTER.sort }) !== JSON.stringify(NO_FILTER);
}
