import { useCallback, useState } from "react";

/** A named filter of one page's table, kept on this computer only. */
export interface SavedView<F> {
  name: string;
  filter: F;
}

function read<F>(storageKey: string, withDefaults: (saved: Partial<F>) => F): SavedView<F>[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(storageKey) ?? "[]");
    if (!Array.isArray(parsed)) return [];
    // Views saved by an older build may lack newer fields; fill them from "any".
    return parsed
      .filter((v): v is SavedView<Partial<F>> => typeof v?.name === "string" && typeof v?.filter === "object")
      .map((v) => ({ name: v.name, filter: withDefaults(v.filter) }));
  } catch {
    return [];
  }
}

/**
 * The views saved under `storageKey`, and saving (a same-named view is replaced) and
 * deleting one. `withDefaults` must be a stable function (declared at module level).
 */
export function useSavedViews<F>(storageKey: string, withDefaults: (saved: Partial<F>) => F) {
  const [views, setViews] = useState<SavedView<F>[]>(() => read(storageKey, withDefaults));
  const write = useCallback(
    (next: SavedView<F>[]) => {
      localStorage.setItem(storageKey, JSON.stringify(next));
      setViews(next);
    },
    [storageKey],
  );
  const save = useCallback(
    (name: string, filter: F) => write([...read(storageKey, withDefaults).filter((v) => v.name !== name), { name, filter }]),
    [write, storageKey, withDefaults],
  );
  const remove = useCallback(
    (name: string) => write(read(storageKey, withDefaults).filter((v) => v.name !== name)),
    [write, storageKey, withDefaults],
  );
  return { views, save, remove };
}
