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

const teamed: PlanVersion = {
  ...capped,
  terms: {
    ...capped.terms,
    team: {
      lead: "lead",
      members: [
        { agent: "m1", allocationPercent: "60" },
        { agent: "m2", allocationPercent: "72.5" },
      ],
    },
  },
};

describe("the plan version form", () => {
  it("reads a version into fields and back without change", () => {
    expect(versionOf(formOf(capped))).toEqual({ version: capped });
  });

  it("reads a team version into fields and back without change", () => {
    const form = formOf(teamed);
    expect(form.team).toEqual({
      enabled: true,
      lead: "lead",
      members: [
        { agent: "m1", allocationPercent: "60" },
        { agent: "m2", allocationPercent: "72.5" },
      ],
    });
    expect(versionOf(form)).toEqual({ version: teamed });
  });

  it("builds a team from its fields, and none once it is turned off", () => {
    const form = blankForm("2026-01-01");
    expect(form.team.enabled).toBe(false);
    const team = { enabled: true, lead: "lead", members: [{ agent: "m1", allocationPercent: " 65% " }] };
    const built = versionOf({ ...form, team });
    expect("version" in built && built.version.terms.team).toEqual({ lead: "lead", members: [{ agent: "m1", allocationPercent: "65" }] });
    const off = versionOf({ ...formOf(teamed), team: { ...formOf(teamed).team, enabled: false } });
    expect("version" in off && off.version.terms.team).toBeNull();
  });

  it("says what is wrong with a team instead of sending it", () => {
    const team = formOf(teamed).team;
    const refused = (changes: Partial<typeof team>) => versionOf({ ...formOf(teamed), team: { ...team, ...changes } });
    expect(refused({ lead: "" })).toEqual({ error: "Choose the team lead." });
    expect(refused({ members: [] })).toEqual({ error: "A team needs at least one member." });
    expect(refused({ members: [{ agent: "", allocationPercent: "60" }] })).toEqual({ error: "Choose the agent of team member 1." });
    expect(refused({ members: [team.members[0]!, { agent: "lead", allocationPercent: "60" }] })).toEqual({ error: "Team member 2 is the team lead: the lead takes the override and is not one of the members." });
    expect(refused({ members: [team.members[0]!, team.members[1]!, { agent: "m1", allocationPercent: "50" }] })).toEqual({ error: "Team member 3 is the same agent as team member 1." });
    const overHundred = { error: "Team member 2's allocation must be a percentage from 0 to 100." };
    expect(refused({ members: [team.members[0]!, { agent: "m2", allocationPercent: "100.5" }] })).toEqual(overHundred);
    expect(refused({ members: [team.members[0]!, { agent: "m2", allocationPercent: "sixty" }] })).toEqual(overHundred);
    expect(refused({ members: [team.members[0]!, { agent: "m2", allocationPercent: "-5" }] })).toEqual(overHundred);
    expect(refused({ members: [team.members[0]!, { agent: "m2", allocationPercent: "" }] })).toEqual(overHundred);
    expect(refused({ members: [team.members[0]!, { agent: "m2", allocationPercent: "100" }] })).toEqual({ version: { ...teamed, terms: { ...teamed.terms, team: { lead: "lead", members: [team.members[0]!, { agent: "m2", allocationPercent: "100" }] } } } });
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
    expect(describeTerms(teamed, (m) => `$${m}`)).toBe("70/30 · cap $20000.00 · franchise 6% · transaction fee $395.00 · E&O $50.00 · team lead + 2 members");
    const one = { ...teamed, terms: { ...teamed.terms, split: { kind: "agentPercent" as const, agentPercent: "80" }, companyDollarCap: null, franchiseFee: null, transactionFee: null, errorsAndOmissions: null, team: { lead: "lead", members: [{ agent: "m1", allocationPercent: "60" }] } } };
    expect(describeTerms(one, (m) => `$${m}`)).toBe("80/20 · team lead + 1 member");
  });
});
