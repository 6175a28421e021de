import { describe, expect, it } from "vitest";
import { capShare, change, compactMoney, count, money } from "./money";

describe("report money", () => {
  it("shows exact decimals as dollars and cents", () => {
    expect(money("1234567.5")).toBe("$1,234,567.50");
    expect(money("-12.34")).toBe("-$12.34");
    expect(money(null)).toBe("—");
  });

  it("shortens key figures without losing their size", () => {
    expect(compactMoney("1234567.89")).toBe("$1.23M");
    expect(compactMoney("12345678")).toBe("$12.3M");
    expect(compactMoney("845300")).toBe("$845K");
    expect(compactMoney("9999.99")).toBe("$10,000");
    expect(compactMoney("900")).toBe("$900");
  });

  it("counts sides with their fractions", () => {
    expect(count("1.5")).toBe("1.5");
    expect(count(1200)).toBe("1,200");
  });

  it("gives the change against last year, none from zero", () => {
    expect(change("110", "100")).toBe("+10.0%");
    expect(change("75", "100")).toBe("\u221225.0%");
    expect(change("75", "0")).toBeNull();
  });

  it("bounds the cap share for the bar", () => {
    expect(capShare("2500", "10000")).toBe(25);
    expect(capShare("12000", "10000")).toBe(100);
    expect(capShare("0", "0")).toBe(100);
  });
});
