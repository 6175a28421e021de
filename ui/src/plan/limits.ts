import type { Limit } from "../bindings/Limit";
import type { Plan } from "../bindings/Plan";
import { formatBytes, formatCount } from "./UsageBar";

function limit(value: Limit, unlimited: string, describe: (n: number) => string): string {
  return value.kind === "unlimited" ? unlimited : describe(value.value);
}

const counted = (one: string, many: string) => (n: number) => `${formatCount(n)} ${n === 1 ? one : many}`;

/** A plan's main limits in a line, as the plan options and their confirmation show them. */
export function limitsLine({ limits }: Plan): string {
  return [
    limit(limits.users, "Unlimited users", counted("user", "users")),
    limit(limits.leads, "Unlimited leads", counted("lead", "leads")),
    limit(limits.storageBytes, "Unlimited storage", (n) => `${formatBytes(n)} of storage`),
    limit(limits.aiCallsPerMonth, "Unlimited AI calls", counted("AI call a month", "AI calls a month")),
    limit(limits.transactions, "Unlimited transactions", counted("transaction", "transactions")),
  ].join(" · ");
}
