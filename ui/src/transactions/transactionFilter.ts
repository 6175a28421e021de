import type { StatusGroup } from "../bindings/StatusGroup";
import type { TransactionListQuery } from "../bindings/TransactionListQuery";
import type { TransactionSort } from "../bindings/TransactionSort";

/** What the toolbar narrows the table to; empty strings mean "any". Dates are `YYYY-MM-DD`, both ends included. */
export interface TransactionFilter {
  q: string;
  statusGroup: StatusGroup | "";
  type: string;
  agent: string;
  office: string;
  closingFrom: string;
  closingTo: string;
  sort: TransactionSort;
}

export const NO_FILTER: TransactionFilter = {
  q: "",
  statusGroup: "",
  type: "",
  agent: "",
  office: "",
  closingFrom: "",
  closingTo: "",
  sort: "closing_desc",
};

/** Rows per window read from the cache; the table asks for the next near its end. */
export const PAGE_SIZE = 200;

export function toQuery(filter: TransactionFilter, offset: number): TransactionListQuery {
  const blank = (v: string) => (v.trim() === "" ? null : v.trim());
  return {
    q: blank(filter.q),
    statusGroup: filter.statusGroup || null,
    transactionType: blank(filter.type),
    agent: blank(filter.agent),
    office: blank(filter.office),
    closingFrom: blank(filter.closingFrom),
    closingTo: blank(filter.closingTo),
    sort: filter.sort,
    offset,
    limit: PAGE_SIZE,
  };
}

/** A filter read back from storage, where older builds saved fewer fields: missing ones are "any". */
export function withDefaults(saved: Partial<TransactionFilter>): TransactionFilter {
  return { ...NO_FILTER, ...saved };
}
