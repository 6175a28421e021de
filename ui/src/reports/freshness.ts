import { formatDateTime } from "../lib/formatDate";

/**
 * How fresh the cache's figures are: "As of Dec 2, 2026, 09:14 (3 hours ago)", or a
 * warning before the first sync. `now` is passed in so the words can be tested.
 */
export function freshness(asOf: string | null, now: Date): { text: string; stale: boolean } {
  if (asOf === null) return { text: "Not synced yet: these figures are empty until the first sync.", stale: true };
  const at = new Date(asOf);
  const minutes = Math.max(0, Math.round((now.getTime() - at.getTime()) / 60_000));
  const ago =
    minutes < 1 ? "just now" : minutes < 60 ? `${minutes} min ago` : minutes < 48 * 60 ? `${Math.round(minutes / 60)} h ago` : `${Math.round(minutes / 1440)} days ago`;
  return { text: `As of ${formatDateTime(asOf)} (${ago})`, stale: minutes >= 24 * 60 };
}
