import { useQuery } from "@tanstack/react-query";
import { useState, type ComponentProps } from "react";
import { planUsage } from "./api";
import type { PlanFeatures } from "../bindings/PlanFeatures";
import type { PlanUsage } from "../bindings/PlanUsage";
import { Badge } from "../components/Badge";
import { PageHeader } from "../components/PageHeader";
import { QueryBoundary } from "../components/QueryBoundary";
import { formatDateTime } from "../lib/formatDate";
import { can } from "../lib/permissions";
import { queryKeys } from "../lib/queryKeys";
import { useActor, useSignedIn } from "../session/SessionContext";
import { ChangePlanCard } from "./ChangePlanCard";
import { ChangePlanDialog } from "./ChangePlanDialog";
import { UsageBar, formatBytes, formatCount } from "./UsageBar";
import "./PlanPage.css";

const FEATURES: [keyof PlanFeatures, string][] = [
  ["apiAccess", "API access for the chatbot and AI calling"],
  ["callRecording", "Call recording"],
  ["customBranding", "Custom branding"],
  ["customDomain", "Custom domain"],
  ["prioritySupport", "Priority support"],
  ["dedicatedInstance", "Dedicated instance"],
];

export function PlanPage() {
  const signedIn = useSignedIn();
  const plan = useQuery({ queryKey: queryKeys.plan, queryFn: planUsage });
  const [changing, setChanging] = useState(false);
  // The owner changes their own plan here; platform staff change it from inside a support
  // session with a reason, through their own dialog (the permission is denied to them).
  const ownerChanges = can(useActor(), "change_plan");
  const staffTenant = signedIn.kind === "support" ? signedIn.tenant : null;

  return (
    <div className="page">
      <PageHeader
        title="Plan & usage"
        description="What your plan includes, how much of it you use, and what happens at each limit."
        actions={
          staffTenant ? (
            <button type="button" className="button button--primary" onClick={() => setChanging(true)} data-testid="change-plan-open">
              Change plan
            </button>
          ) : null
        }
      />
      <QueryBoundary query={plan} testId="plan">
        {(data) => <PlanDetails data={data} />}
      </QueryBoundary>
      {ownerChanges ? <ChangePlanCard /> : null}
      {changing && staffTenant && plan.data ? (
        <ChangePlanDialog tenant={staffTenant} current={plan.data} onClose={() => setChanging(false)} />
      ) : null}
    </div>
  );
}

function PlanDetails({ data }: { data: PlanUsage }) {
  const { plan } = data;
  return (
    <>
      <section className="card plan-summary" data-testid="plan-summary">
        <div>
          <p className="muted">Current plan</p>
          <p className="plan-summary__name" data-testid="plan-name">
            {plan.name}
          </p>
        </div>
        <StatusLine data={data} />
      </section>

      <section className="card">
        <div className="card__header">
          <h3 className="card__title">Usage</h3>
          <p className="card__description">The server refuses a change that would go over a limit, and says so.</p>
        </div>
        <div className="card__body">
          {usageRows(data).map((row) => (
            <UsageBar key={row.testId} {...row} />
          ))}
        </div>
      </section>

      <section className="card">
        <div className="card__header">
          <h3 className="card__title">Features</h3>
          <p className="card__description">
            Up to {formatCount(plan.requestsPer15Min)} API requests every 15 minutes.
          </p>
        </div>
        <ul className="features">
          {FEATURES.map(([key, label]) => (
            <li key={key} className={plan.features[key] ? "feature feature--on" : "feature"}>
              <span aria-hidden="true">{plan.features[key] ? "✓" : "—"}</span>
              {label}
              <span className="visually-hidden">{plan.features[key] ? "included" : "not included"}</span>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

/** Each limited resource, with what the server does once it is reached. */
function usageRows({ plan, usage }: PlanUsage): ComponentProps<typeof UsageBar>[] {
  return [
    {
      label: "Users",
      used: usage.users,
      limit: plan.limits.users,
      format: formatCount,
      atLimit: `At the limit, new invitations are refused until a seat is free. Pending invitations (${usage.invitedUsers}) hold a seat.`,
      testId: "usage-users",
    },
    {
      label: "Leads",
      used: usage.leads,
      limit: plan.limits.leads,
      format: formatCount,
      atLimit: "At the limit, new leads from the chatbot, AI calls, web forms and imports are refused.",
      testId: "usage-leads",
    },
    {
      label: "AI calls this month",
      used: usage.aiCallsThisMonth,
      limit: plan.limits.aiCallsPerMonth,
      format: formatCount,
      atLimit: "At the limit, no further AI calls are placed until the month turns.",
      testId: "usage-calls",
    },
    {
      label: "Storage",
      used: usage.storageBytes,
      limit: plan.limits.storageBytes,
      format: formatBytes,
      atLimit: "At the limit, uploads to the knowledge base and recordings are refused.",
      testId: "usage-storage",
    },
  ];
}

function StatusLine({ data }: { data: PlanUsage }) {
  if (data.status === "suspended") {
    return (
      <div className="plan-summary__status" data-testid="plan-status" data-state="suspended">
        <Badge tone="negative">Suspended</Badge>
        <span>You can sign in and read everything, but no changes are accepted. Contact Brokerdesk support.</span>
      </div>
    );
  }
  if (data.trialEndsAt) {
    const ended = new Date(data.trialEndsAt).getTime() < Date.now();
    return (
      <div className="plan-summary__status" data-testid="plan-status" data-state="trial">
        <Badge tone="warning">{ended ? "Trial ended" : "Trial"}</Badge>
        <span>
          {ended ? "The trial ended on" : "The trial ends on"} {formatDateTime(data.trialEndsAt)}.
        </span>
      </div>
    );
  }
  return (
    <div className="plan-summary__status" data-testid="plan-status" data-state="active">
      <Badge tone="positive">Active</Badge>
    </div>
  );
}
