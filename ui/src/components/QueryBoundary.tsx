import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { toErrorBody } from "../api/commands";
import { ErrorCallout } from "./ErrorCallout";

/**
 * Renders `children` with the data once a query has it; until then a quiet loading
 * line, or the failure as a readable message with a way to try again.
 */
export function QueryBoundary<T>({
  query,
  children,
  testId,
}: {
  query: UseQueryResult<T>;
  children: (data: T) => ReactNode;
  testId?: string;
}) {
  if (query.data !== undefined) return <>{children(query.data)}</>;
  if (query.isError) {
    return (
      <div className="query-error" data-testid={testId ? `${testId}-error` : undefined}>
        <ErrorCallout error={toErrorBody(query.error)} />
        <div>
          <button type="button" className="button button--secondary" onClick={() => void query.refetch()}>
            Try again
          </button>
        </div>
      </div>
    );
  }
  return (
    <p className="muted" role="status">
      Loading…
    </p>
  );
}
