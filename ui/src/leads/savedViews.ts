import { useCallback, useState } from "react";
import { withDefaults, type LeadFilter } from "./leadFilter";

/** A named filter, kept on this computer only. */
export interface SavedView {
  name: string;
  filter: LeadFilter;
}

const STORAGE_KEY = "brokerdesk.leadViews";

function read(): SavedView[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "[]");
    if (!Array.isArray(parsed)) return [];
    // Views saved by an older build may lack newer fields; fill them from "any".
    return parsed
      .filter((v): v is SavedView => typeof v?.name === "string" && typeof v?.filter === "object")
      .map((v) => ({ name: v.name, filter: withDefaults(v.filter) }));
  } catch {
    return [];
  }
}

/** The saved views, and saving (a same-named view is replaced) and deleting one. */
export function useSavedViews() {
  const [views, setViews] = useState<SavedView[]>(read);
  const write = useCallback((next: SavedView[]) => {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    setViews(next);
  }, []);
  const save = useCallback(
    (name: string, filter: LeadFilter) => write([...read().filter((v) => v.name !== name), { name, filter }]),
    [write],
  );
  const remove = useCallback((name: string) => write(read().filter((v) => v.name !== name)), [write]);
  return { views, save, remove };
}
