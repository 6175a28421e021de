/** A timestamp from Rust as a short local date and time; "Never" for none. */
export function formatDateTime(timestamp: string | null, never = "Never"): string {
  if (timestamp === null) return never;
  const date = new Date(timestamp);
  if (Number.isNaN(date.getTime())) return timestamp;
  return date.toLocaleString(undefined, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  });
}
