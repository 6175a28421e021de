import type { PlanOption } from "../bindings/PlanOption";
import type { PlanTier } from "../bindings/PlanTier";
import type { PlanUsage } from "../bindings/PlanUsage";
import type { StaffTenantView } from "../bindings/StaffTenantView";
import type { UpdateTenantRequest } from "../bindings/UpdateTenantRequest";
import { call } from "../api/commands";

export const planUsage = () => call<PlanUsage>("plan_usage");
/** Every plan with what the brokerage holds over it; counted by the server, so online only. */
export const planOptions = () => call<PlanOption[]>("plan_options");
/** The owner's own change of plan; a downgrade that does not fit is refused with what to remove. */
export const changePlan = (plan: PlanTier) => call<PlanUsage>("change_plan", { request: { plan } });
/** Platform staff only: changes a tenant's plan, status or trial, with a reason. */
export const updateTenant = (tenantId: string, update: UpdateTenantRequest) =>
  call<StaffTenantView>("update_tenant", { tenantId, update });
