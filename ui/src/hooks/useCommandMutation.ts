import { useMutation, useQueryClient, type QueryKey } from "@tanstack/react-query";
import { toErrorBody } from "../api/commands";
import type { ErrorBody } from "../bindings/ErrorBody";

/**
 * A command that changes something: on success the queries it affects are refreshed
 * (the audit trail always, since every change is audited), and its failure is an
 * ErrorBody ready to show.
 */
export function useCommandMutation<Args, Result>(
  command: (args: Args) => Promise<Result>,
  affects: readonly QueryKey[],
  onSuccess?: (result: Result) => void,
) {
  const queryClient = useQueryClient();
  const mutation = useMutation<Result, ErrorBody, Args>({
    mutationFn: async (args) => {
      try {
        return await command(args);
      } catch (e) {
        throw toErrorBody(e);
      }
    },
    onSuccess: async (result) => {
      await Promise.all(
        [...affects, ["audit"]].map((queryKey) => queryClient.invalidateQueries({ queryKey })),
      );
      onSuccess?.(result);
    },
  });
  return { run: mutation.mutate, busy: mutation.isPending, error: mutation.error, data: mutation.data };
}
