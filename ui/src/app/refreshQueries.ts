import type { QueryClient } from "@tanstack/react-query";

/**
 * Reads every cached query again, because the data behind them changed (a sync brought
 * new data). An invalidation cannot restart a query whose first fetch is still running:
 * TanStack Query joins that fetch instead, and it may hold what the cache had before
 * the change (a screen opened just as the first sync of a session landed would stay
 * empty). Those queries are fetched once more when it settles.
 */
export async function refreshQueries(queryClient: QueryClient): Promise<void> {
  const firstFetches = new Set(
    queryClient
      .getQueryCache()
      .findAll({ predicate: (query) => query.state.data === undefined && query.state.fetchStatus === "fetching" }),
  );
  await queryClient.invalidateQueries();
  if (firstFetches.size > 0) {
    await queryClient.invalidateQueries({ predicate: (query) => firstFetches.has(query) });
  }
}
