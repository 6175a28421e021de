import { describe, expect, it } from "vitest";
import type { PlanVersion } from "../bindings/PlanVersion";
import { blankForm, describeTerms, formOf, versionOf, withVersion } from "./planForm";

const capped: PlanVersion = {
  effectiveFrom: "2025-01-01",
  terms: {
    split: { kind: "agentPercent", agentPercent: "70" },
    capYear: { kind: "anniversary" },
    companyDollarCap: "20000.00",
    franchiseFee: { percent: "6", annualCap: "3000.00" },
    transactionFee: { amount: { kind: "flat", amount: "395.00" }, annualCap: null, payee: "company" },
    errorsAndOmissions: { amount: { kind: "flat", amount: "50.00" }, annualCap: "600.00", payee: "thirdParty" },
    team: null,
  },
};

describe("the plan version form", () => {
  it("reads a version into fields and back without change", () => {
    expect(versionOf(formOf(capped))).toEqual({ version: capped });
  });

  it("builds a tiered, custom-year version and leaves absent amounts out", () => {
    const form = { ...blankForm("2026-04-01"), splitKind: "tiered" as const, tierBasis: "companyDollar" as const, capYear: "custom" as const, capMonth: "4", capDay: "1" };
    form.tiers = [
      { from: "0", agentPercent: "70" },
      { from: "$50,000", agentPercent: "80" },
    ];
    const built = versionOf(form);
    expect(built).toEqual({
      version: {
        effectiveFrom: "2026-04-01",
        terms: {
          split: { kind: "tiered", basis: "companyDollar", tiers: [{ from: "0", agentPercent: "70" }, { from: "50000", agentPercent: "80" }] },
          capYear: { kind: "custom", month: 4, day: 1 },
          companyDollarCap: null,
          franchiseFee: null,
          transactionFee: null,
          errorsAndOmissions: null,
          team: null,
        },
      },
    });
  });

  it("says what is wrong instead of sending it", () => {
    expect(versionOf({ ...formOf(capped), agentPercent: "120" })).toEqual({ error: "The agent's split must be a percentage from 0 to 100." });
    expect(versionOf({ ...formOf(capped), cap: "20k" })).toEqual({ error: "The cap must be an amount like 1250.00." });
    expect(versionOf({ ...formOf(capped), capYear: "custom", capMonth: "13" })).toEqual({ error: "The cap year's start must be a real day of the year." });
    expect(versionOf({ ...formOf(capped), effectiveFrom: "" })).toEqual({ error: "Choose the day the version takes effect." });
  });

  it("replaces the version of the same day and keeps the list in date order", () => {
    const later = { ...capped, effectiveFrom: "2026-01-01" };
    const versions = withVersion([later, capped], { ...capped, terms: { ...capped.terms, companyDollarCap: "25000.00" } });
    expect(versions.map((v) => [v.effectiveFrom, v.terms.companyDollarCap])).toEqual([
      ["2025-01-01", "25000.00"],
      ["2026-01-01", "20000.00"],
    ]);
  });

  it("sums a version up in one line", () => {
    expect(describeTerms(capped, (m) => `$${m}`)).toBe("70/30 · cap $20000.00 · franchise 6% · transaction fee $395.00 · E&O $50.00");
  });
});
