import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { listUsers } from "../members/api";
import type { UserSummary } from "../bindings/UserSummary";
import { queryKeys } from "../lib/queryKeys";
import { leadDetail, listLeads } from "./api";
import { toQuery, type LeadFilter } from "./leadFilter";

export const leadKeys = {
  all: ["leads"],
  list: (filter: LeadFilter) => ["leads", "list", filter],
  detail: (id: string) => ["leads", "detail", id],
} as const;

/** The filtered lead list, a keyset page at a time, straight from the cache. */
export function useLeadRows(filter: LeadFilter) {
  const query = useInfiniteQuery({
    queryKey: leadKeys.list(filter),
    queryFn: ({ pageParam }) => listLeads(toQuery(filter, pageParam)),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  const rows = useMemo(() => query.data?.pages.flatMap((p) => p.rows) ?? [], [query.data]);
  return { query, rows };
}

export function useLeadDetail(id: string) {
  return useQuery({ queryKey: leadKeys.detail(id), queryFn: () => leadDetail(id) });
}

/** Members who can work leads (not viewers, not deactivated), and everyone's names. */
export function useAgents() {
  const users = useQuery({ queryKey: queryKeys.users, queryFn: listUsers });
  return useMemo(() => {
    const all: UserSummary[] = users.data ?? [];
    const names = new Map(all.map((u) => [u.id, u.displayName]));
    const agents = all.filter((u) => u.role !== "viewer" && u.status === "active");
    return { agents, nameOf: (id: string | null) => (id ? (names.get(id) ?? "Unknown member") : "Unassigned") };
  }, [users.data]);
}
