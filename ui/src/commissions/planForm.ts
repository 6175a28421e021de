import type { CapYear } from "../bindings/CapYear";
import type { FeePayee } from "../bindings/FeePayee";
import type { PlanVersion } from "../bindings/PlanVersion";
import type { PostSplitFee } from "../bindings/PostSplitFee";
import type { Split } from "../bindings/Split";
import type { TeamSplit } from "../bindings/TeamSplit";
import type { TierBasis } from "../bindings/TierBasis";

/** A post-split fee as the form holds it: empty amount means none. */
export interface FeeForm {
  kind: "flat" | "percent";
  value: string;
  cap: string;
  payee: FeePayee;
}

/** A team split as the form holds it: "" for an agent not chosen yet. Turning the team
 * off keeps the rows, so turning it back on before saving loses nothing. */
export interface TeamForm {
  enabled: boolean;
  lead: string;
  members: { agent: string; allocationPercent: string }[];
}

/** A plan version as the editor's fields hold it: text, "" for an absent amount. */
export interface PlanForm {
  effectiveFrom: string;
  splitKind: Split["kind"];
  agentPercent: string;
  flatFee: string;
  tierBasis: TierBasis;
  tiers: { from: string; agentPercent: string }[];
  capYear: CapYear["kind"];
  capMonth: string;
  capDay: string;
  cap: string;
  franchisePercent: string;
  franchiseCap: string;
  transactionFee: FeeForm;
  errorsAndOmissions: FeeForm;
  team: TeamForm;
}

function feeForm(fee: PostSplitFee | null, payee: FeePayee): FeeForm {
  if (!fee) return { kind: "flat", value: "", cap: "", payee };
  return {
    kind: fee.amount.kind === "flat" ? "flat" : "percent",
    value: fee.amount.kind === "flat" ? fee.amount.amount : fee.amount.percent,
    cap: fee.annualCap ?? "",
    payee: fee.payee,
  };
}

function teamForm(team: TeamSplit | null): TeamForm {
  if (!team) return { enabled: false, lead: "", members: [{ agent: "", allocationPercent: "" }] };
  return { enabled: true, lead: team.lead, members: team.members.map((m) => ({ ...m })) };
}

export function formOf(version: PlanVersion): PlanForm {
  const t = version.terms;
  return {
    effectiveFrom: version.effectiveFrom,
    splitKind: t.split.kind,
    agentPercent: t.split.kind === "agentPercent" ? t.split.agentPercent : "70",
    flatFee: t.split.kind === "flatFeeToCompany" ? t.split.amount : "",
    tierBasis: t.split.kind === "tiered" ? t.split.basis : "gci",
    tiers: t.split.kind === "tiered" ? t.split.tiers.map((tier) => ({ ...tier })) : [{ from: "0", agentPercent: "70" }],
    capYear: t.capYear.kind,
    capMonth: t.capYear.kind === "custom" ? String(t.capYear.month) : "1",
    capDay: t.capYear.kind === "custom" ? String(t.capYear.day) : "1",
    cap: t.companyDollarCap ?? "",
    franchisePercent: t.franchiseFee?.percent ?? "",
    franchiseCap: t.franchiseFee?.annualCap ?? "",
    transactionFee: feeForm(t.transactionFee, "company"),
    errorsAndOmissions: feeForm(t.errorsAndOmissions, "thirdParty"),
    team: teamForm(t.team),
  };
}

/** A blank version from `effectiveFrom`: 70/30, calendar cap year, nothing else. */
export function blankForm(effectiveFrom: string): PlanForm {
  return formOf({
    effectiveFrom,
    terms: { split: { kind: "agentPercent", agentPercent: "70" }, capYear: { kind: "calendarYear" }, companyDollarCap: null, franchiseFee: null, transactionFee: null, errorsAndOmissions: null, team: null },
  });
}

const AMOUNT = /^\d+(\.\d{1,2})?$/;
const PERCENT = /^\d+(\.\d+)?$/;

/** Rust's decimals are exact text: the form checks the shape, core checks the rules. */
function amount(label: string, text: string, optional: true): string | null;
function amount(label: string, text: string, optional: false): string;
function amount(label: string, text: string, optional: boolean): string | null {
  const value = text.trim().replace(/[$,]/g, "");
  if (value === "" && optional) return null;
  if (!AMOUNT.test(value)) throw new Error(`${label} must be an amount like 1250.00.`);
  return value;
}

function percent(label: string, text: string): string {
  const value = text.trim().replace(/%$/, "");
  if (!PERCENT.test(value) || Number(value) > 100) throw new Error(`${label} must be a percentage from 0 to 100.`);
  return value;
}

function fee(label: string, form: FeeForm): PostSplitFee | null {
  if (form.value.trim() === "") return null;
  return {
    amount: form.kind === "flat" ? { kind: "flat", amount: amount(label, form.value, false) } : { kind: "percentOfAgentGross", percent: percent(label, form.value) },
    annualCap: amount(`${label}'s annual cap`, form.cap, true),
    payee: form.payee,
  };
}

function split(form: PlanForm): Split {
  switch (form.splitKind) {
    case "agentPercent":
      return { kind: "agentPercent", agentPercent: percent("The agent's split", form.agentPercent) };
    case "flatFeeToCompany":
      return { kind: "flatFeeToCompany", amount: amount("The flat fee", form.flatFee, false) };
    case "tiered":
      return {
        kind: "tiered",
        basis: form.tierBasis,
        tiers: form.tiers.map((tier, i) => ({ from: amount(`Tier ${i + 1}'s threshold`, tier.from, false), agentPercent: percent(`Tier ${i + 1}'s split`, tier.agentPercent) })),
      };
  }
}

/** Mirrors core's checks on a team (lead not a member, no member twice, each allocation a
 * percentage) so they show before saving, and asks for what only the form can miss. */
function team(form: TeamForm): TeamSplit | null {
  if (!form.enabled) return null;
  if (form.lead === "") throw new Error("Choose the team lead.");
  if (form.members.length === 0) throw new Error("A team needs at least one member.");
  const members = form.members.map((member, i) => {
    const label = `Team member ${i + 1}`;
    if (member.agent === "") throw new Error(`Choose the agent of team member ${i + 1}.`);
    if (member.agent === form.lead) throw new Error(`${label} is the team lead: the lead takes the override and is not one of the members.`);
    const twin = form.members.findIndex((m) => m.agent === member.agent);
    if (twin < i) throw new Error(`${label} is the same agent as team member ${twin + 1}.`);
    return { agent: member.agent, allocationPercent: percent(`${label}'s allocation`, member.allocationPercent) };
  });
  return { lead: form.lead, members };
}

function capYear(form: PlanForm): CapYear {
  if (form.capYear !== "custom") return { kind: form.capYear };
  const month = Number(form.capMonth);
  const day = Number(form.capDay);
  if (!Number.isInteger(month) || month < 1 || month > 12 || !Number.isInteger(day) || day < 1 || day > 31) throw new Error("The cap year's start must be a real day of the year.");
  return { kind: "custom", month, day };
}

/** The version the form describes, or what is wrong with it. */
export function versionOf(form: PlanForm): { version: PlanVersion } | { error: string } {
  try {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(form.effectiveFrom)) throw new Error("Choose the day the version takes effect.");
    const franchise = form.franchisePercent.trim() === "" ? null : { percent: percent("The franchise fee", form.franchisePercent), annualCap: amount("The franchise fee's annual cap", form.franchiseCap, true) };
    return {
      version: {
        effectiveFrom: form.effectiveFrom,
        terms: {
          split: split(form),
          capYear: capYear(form),
          companyDollarCap: amount("The cap", form.cap, true),
          franchiseFee: franchise,
          transactionFee: fee("The transaction fee", form.transactionFee),
          errorsAndOmissions: fee("E&O", form.errorsAndOmissions),
          team: team(form.team),
        },
      },
    };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/** The plan's versions with `version` added, or replacing the one from the same day. */
export function withVersion(versions: PlanVersion[], version: PlanVersion): PlanVersion[] {
  return [...versions.filter((v) => v.effectiveFrom !== version.effectiveFrom), version].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
}

/** One line on a version's terms: "70/30 · cap $20,000.00 · transaction fee $395.00". */
export function describeTerms(version: PlanVersion, money: (amount: string) => string): string {
  const t = version.terms;
  const parts: string[] = [];
  if (t.split.kind === "agentPercent") parts.push(`${t.split.agentPercent}/${100 - Number(t.split.agentPercent)}`);
  if (t.split.kind === "flatFeeToCompany") parts.push(`${money(t.split.amount)} flat fee`);
  if (t.split.kind === "tiered") parts.push(`${t.split.tiers.length} tiers on ${t.split.basis === "gci" ? "GCI" : t.split.basis === "companyDollar" ? "company dollar" : "closed sides"}`);
  if (t.companyDollarCap) parts.push(`cap ${money(t.companyDollarCap)}`);
  if (t.franchiseFee) parts.push(`franchise ${t.franchiseFee.percent}%`);
  if (t.transactionFee) parts.push(`transaction fee ${t.transactionFee.amount.kind === "flat" ? money(t.transactionFee.amount.amount) : `${t.transactionFee.amount.percent}%`}`);
  if (t.errorsAndOmissions) parts.push(`E&O ${t.errorsAndOmissions.amount.kind === "flat" ? money(t.errorsAndOmissions.amount.amount) : `${t.errorsAndOmissions.amount.percent}%`}`);
  if (t.team) parts.push(`team lead + ${t.team.members.length} ${t.team.members.length === 1 ? "member" : "members"}`);
  return parts.join(" · ");
}
