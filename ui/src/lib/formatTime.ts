/**
 * Local wall-clock time for a timestamp from Rust. Falls back to the raw
 * value rather than "Invalid Date" so an unexpected format is still legible.
 */
export function formatLocalTime(timestamp: string): string {
  const date = new Date(timestamp);
  if (Number.isNaN(date.getTime())) return timestamp;
  return date.toLocaleTimeString(undefined, {
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
}
