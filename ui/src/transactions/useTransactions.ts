import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { ROSTER_KEY, rosterRows } from "../roster/api";
import { transactionDetail, transactionKeys, transactionRows } from "./api";
import { toQuery, type TransactionFilter } from "./transactionFilter";

/** The filtered deals, a window at a time, straight from the cache. */
export function useTransactionRows(filter: TransactionFilter) {
  const query = useInfiniteQuery({
    queryKey: transactionKeys.list(filter),
    queryFn: ({ pageParam }) => transactionRows(toQuery(filter, pageParam)),
    initialPageParam: 0,
    getNextPageParam: (page) => page.nextOffset,
  });
  const rows = useMemo(() => query.data?.pages.flatMap((p) => p.rows) ?? [], [query.data]);
  const pages = query.data?.pages ?? [];
  const total = pages[pages.length - 1]?.total ?? 0;
  return { query, rows, total };
}

export function useTransactionDetail(id: string) {
  return useQuery({ queryKey: transactionKeys.detail(id), queryFn: () => transactionDetail(id) });
}

/** The roster's agents and offices, for the agent and office filters. */
export function useRosterChoices() {
  const roster = useQuery({ queryKey: ROSTER_KEY, queryFn: rosterRows });
  return useMemo(() => {
    const agents = (roster.data ?? []).map((r) => r.record);
    const offices = [...new Set(agents.map((a) => a.office).filter((o): o is string => !!o))].sort();
    return { agents, offices };
  }, [roster.data]);
}
