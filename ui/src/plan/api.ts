import type { PlanUsage } from "../bindings/PlanUsage";
import type { StaffTenantView } from "../bindings/StaffTenantView";
import type { UpdateTenantRequest } from "../bindings/UpdateTenantRequest";
import { call } from "../api/commands";

export const planUsage = () => call<PlanUsage>("plan_usage");
/** Platform staff only: changes a tenant's plan, status or trial, with a reason. */
export const updateTenant = (tenantId: string, update: UpdateTenantRequest) =>
  call<StaffTenantView>("update_tenant", { tenantId, update });
