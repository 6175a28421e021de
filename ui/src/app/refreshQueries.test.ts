import { QueryClient, QueryObserver } from "@tanstack/react-query";
import { describe, expect, it, vi } from "vitest";
import { refreshQueries } from "./refreshQueries";

describe("refreshQueries", () => {
  it("reads a query again whose first fetch began before the data changed", async () => {
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    let cache = "before the sync";
    let releaseFirst: () => void = () => {};
    let calls = 0;
    const observer = new QueryObserver(client, {
      queryKey: ["members"],
      queryFn: () => {
        calls += 1;
        const seen = cache;
        // The first read has looked at the cache and is still on its way back.
        if (calls === 1) return new Promise<string>((resolve) => (releaseFirst = () => resolve(seen)));
        return Promise.resolve(seen);
      },
    });
    const unsubscribe = observer.subscribe(() => {});
    cache = "after the sync";
    const refreshed = refreshQueries(client);
    releaseFirst();
    await refreshed;
    expect(client.getQueryData(["members"])).toBe("after the sync");
    expect(calls).toBe(2);
    unsubscribe();
  });

  it("reads a query with data once", async () => {
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    let calls = 0;
    const observer = new QueryObserver(client, { queryKey: ["plan"], queryFn: () => ++calls });
    const unsubscribe = observer.subscribe(() => {});
    await vi.waitFor(() => expect(client.getQueryData(["plan"])).toBe(1));
    await refreshQueries(client);
    expect(client.getQueryData(["plan"])).toBe(2);
    unsubscribe();
  });
});
