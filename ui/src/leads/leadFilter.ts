import type { LeadListQuery } from "../bindings/LeadListQuery";
import type { LeadSort } from "../bindings/LeadSort";
import type { LeadSource } from "../bindings/LeadSource";
import type { LeadStage } from "../bindings/LeadStage";

/** What the toolbar narrows the table to; empty strings mean "any". */
export interface LeadFilter {
  q: string;
  stage: LeadStage | "";
  agent: string;
  source: LeadSource | "";
  tag: string;
  sort: LeadSort;
}

export const NO_FILTER: LeadFilter = { q: "", stage: "", agent: "", source: "", tag: "", sort: "updated_desc" };

/** Rows per page read from the cache; the table asks for the next page near its end. */
export const PAGE_SIZE = 200;

export function toQuery(filter: LeadFilter, after: string | null): LeadListQuery {
  const blank = (v: string) => (v.trim() === "" ? null : v.trim());
  return {
    q: blank(filter.q),
    stage: filter.stage || null,
    agent: blank(filter.agent),
    source: filter.source || null,
    tag: blank(filter.tag),
    sort: filter.sort,
    createdFrom: null,
    createdTo: null,
    updatedFrom: null,
    updatedTo: null,
    after,
    limit: PAGE_SIZE,
  };
}
