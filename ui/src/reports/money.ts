/** Money and counts from Rust's decimals (strings, exact), for the Reports screens. */

const dollars = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", minimumFractionDigits: 2, maximumFractionDigits: 2 });
const wholeDollars = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 });
const plain = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

/** "$12,345.67"; the decimal is exact to the cent, so formatting a Number loses nothing. */
export function money(amount: string | null | undefined): string {
  if (amount === null || amount === undefined || amount === "") return "—";
  const value = Number(amount);
  return Number.isFinite(value) ? dollars.format(value) : amount;
}

/** "$1.2M", "$845K", "$900": for key figures where the cents would be noise. */
export function compactMoney(amount: string): string {
  const value = Number(amount);
  if (!Number.isFinite(value)) return amount;
  const abs = Math.abs(value);
  const sign = value < 0 ? "-" : "";
  if (abs >= 1_000_000) return `${sign}$${(abs / 1_000_000).toFixed(abs >= 10_000_000 ? 1 : 2)}M`;
  if (abs >= 10_000) return `${sign}$${Math.round(abs / 1_000)}K`;
  return wholeDollars.format(value);
}

/** "1.5" sides, "12" deals. */
export function count(value: string | number | null): string {
  if (value === null) return "—";
  const n = typeof value === "number" ? value : Number(value);
  return Number.isFinite(n) ? plain.format(n) : String(value);
}

/** "+12.5%" or "−3.0%" against a year earlier; null when there is nothing to compare with. */
export function change(now: string, before: string): string | null {
  const a = Number(now);
  const b = Number(before);
  if (!Number.isFinite(a) || !Number.isFinite(b) || b === 0) return null;
  const pct = ((a - b) / Math.abs(b)) * 100;
  return `${pct >= 0 ? "+" : "\u2212"}${Math.abs(pct).toFixed(1)}%`;
}

/** How far to the cap, 0–100, for a progress bar. */
export function capShare(counted: string, cap: string): number {
  const c = Number(counted);
  const total = Number(cap);
  if (!Number.isFinite(c) || !Number.isFinite(total) || total <= 0) return 100;
  return Math.max(0, Math.min(100, (c / total) * 100));
}
