import { call } from "../api/commands";
import type { CommissionPlan } from "../bindings/CommissionPlan";
import type { Edited } from "../bindings/Edited";
import type { NewCommissionPlan } from "../bindings/NewCommissionPlan";
import type { NewPlanAssignment } from "../bindings/NewPlanAssignment";
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
