import { QueryClient } from "@tanstack/react-query";

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Failures are shown with a "Try again" button; silent retries would only
        // delay the message (and an offline server stays offline for a while).
        retry: false,
        // Data changes arrive through sync events, which invalidate what they touch.
        staleTime: 30_000,
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });
}
