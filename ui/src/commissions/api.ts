import { call } from "../api/commands";
import type { CommissionOverride } from "../bindings/CommissionOverride";
import type { CommissionPlan } from "../bindings/CommissionPlan";
import type { Edited } from "../bindings/Edited";
import type { NewCommissionPlan } from "../bindings/NewCommissionPlan";
import type { NewPlanAssignment } from "../bindings/NewPlanAssignment";
import type { OverrideTerms } from "../bindings/OverrideTerms";
import type { PlanAssignmentRecord } from "../bindings/PlanAssignmentRecord";
import type { PlanVersion } from "../bindings/PlanVersion";
import type { Simulation } from "../bindings/Simulation";
import type { SimulationRequest } from "../bindings/SimulationRequest";

export const PLANS_KEY = ["commission-plans"] as const;
export const ASSIGNMENTS_KEY = ["commission-assignments"] as const;

// Plans and assignments are read from, and edited in, the copy kept on this computer:
// edits work offline and reach the server at the next sync. The simulation runs on the
// server when it answers, else on this computer's copy.
export const commissionPlans = () => call<Edited<CommissionPlan>[]>("commission_plans");
export const planAssignments = () => call<Edited<PlanAssignmentRecord>[]>("plan_assignments");
export const addCommissionPlan = (plan: NewCommissionPlan) => call<CommissionPlan>("add_commission_plan", { plan });
export const setPlanVersions = ({ planId, versions }: { planId: string; versions: PlanVersion[] }) => call<CommissionPlan>("set_plan_versions", { planId, versions });
export const assignPlan = (assignment: NewPlanAssignment) => call<PlanAssignmentRecord>("assign_plan", { assignment });
export const unassignPlan = (assignmentId: string) => call<null>("unassign_plan", { assignmentId });
export const simulatePlan = (request: SimulationRequest) => call<Simulation>("simulate_plan", { request });

/** A deal's split overrides, refreshed with its detail pane. */
export const overridesKey = (transactionId: string) => ["commission-overrides", transactionId] as const;

// A split agreed for one agent on one deal, kept in the copy on this computer like the
// plans: it works offline and reaches the server at the next sync.
export const commissionOverrides = (transactionId: string) => call<Edited<CommissionOverride>[]>("commission_overrides", { transactionId });
/** Sets the agent's split on the deal: a new override, or theirs changed. */
export const setCommissionOverride = ({ transactionId, agentId, terms }: { transactionId: string; agentId: string; terms: OverrideTerms }) =>
  call<CommissionOverride>("set_commission_override", { transactionId, agentId, terms });
export const removeCommissionOverride = (overrideId: string) => call<null>("remove_commission_override", { overrideId });
