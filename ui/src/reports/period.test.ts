import { describe, expect, it } from "vitest";
import { describePeriod, periodFor } from "./period";

// Local dates: the picker works in the user's calendar, not UTC.
const day = (y: number, m: number, d: number) => new Date(y, m - 1, d, 15, 30);

describe("periodFor", () => {
  it("covers the whole current month, including a leap February", () => {
    expect(periodFor("month", day(2028, 2, 10))).toEqual({ from: "2028-02-01", to: "2028-02-29" });
    expect(periodFor("month", day(2026, 12, 31))).toEqual({ from: "2026-12-01", to: "2026-12-31" });
  });

  it("covers the calendar quarter the day is in, to its last day", () => {
    expect(periodFor("quarter", day(2026, 1, 1))).toEqual({ from: "2026-01-01", to: "2026-03-31" });
    expect(periodFor("quarter", day(2026, 6, 30))).toEqual({ from: "2026-04-01", to: "2026-06-30" });
    expect(periodFor("quarter", day(2026, 8, 15))).toEqual({ from: "2026-07-01", to: "2026-09-30" });
    expect(periodFor("quarter", day(2026, 12, 2))).toEqual({ from: "2026-10-01", to: "2026-12-31" });
  });

  it("runs year to date up to today, and last year over all of it", () => {
    expect(periodFor("ytd", day(2026, 12, 2))).toEqual({ from: "2026-01-01", to: "2026-12-02" });
    expect(periodFor("lastYear", day(2026, 1, 1))).toEqual({ from: "2025-01-01", to: "2025-12-31" });
  });

  it("takes a custom range as entered, swapped when backwards, and none while incomplete", () => {
    expect(periodFor("custom", day(2026, 5, 1), { from: "2025-03-01", to: "2025-04-15" })).toEqual({ from: "2025-03-01", to: "2025-04-15" });
    expect(periodFor("custom", day(2026, 5, 1), { from: "2025-04-15", to: "2025-03-01" })).toEqual({ from: "2025-03-01", to: "2025-04-15" });
    expect(periodFor("custom", day(2026, 5, 1), { from: "2025-04-15", to: "" })).toBeNull();
    expect(periodFor("custom", day(2026, 5, 1))).toBeNull();
  });
});

describe("describePeriod", () => {
  it("names the year once when both ends share it", () => {
    expect(describePeriod({ from: "2026-01-01", to: "2026-03-31" })).toBe("Jan 1 – Mar 31, 2026");
    expect(describePeriod({ from: "2025-12-01", to: "2026-01-31" })).toBe("Dec 1, 2025 – Jan 31, 2026");
  });
});
