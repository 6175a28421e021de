import type { ComponentType, SVGProps } from "react";
import type { Permission } from "../bindings/Permission";
import type { SignedIn } from "../bindings/SignedIn";
import {
  AuditIcon,
  HomeIcon,
  KnowledgeBaseIcon,
  LeadsIcon,
  OverviewIcon,
  PlanIcon,
  PrivacyIcon,
  ReportsIcon,
  SettingsIcon,
  TenantsIcon,
  TransactionsIcon,
  UsersIcon,
} from "../components/icons";
import { CommissionPlansPage } from "../commissions/CommissionPlansPage";
import { HomePage } from "../home/HomePage";
import { KnowledgeBasePage } from "../kb/KnowledgeBasePage";
import { LeadsPage } from "../leads/LeadsPage";
import { can } from "../lib/permissions";
import { OverviewPage } from "../system/OverviewPage";
import { AuditPage } from "../audit/AuditPage";
import { PlanPage } from "../plan/PlanPage";
import { PrivacyPage } from "../privacy/PrivacyPage";
import { ReportsPage } from "../reports/ReportsPage";
import { RosterPage } from "../roster/RosterPage";
import { SettingsPage } from "../settings/SettingsPage";
import { StaffTenantsPage } from "../staff/StaffTenantsPage";
import { TransactionsPage } from "../transactions/TransactionsPage";
import { UsersPage } from "../members/UsersPage";
import { actorOf } from "../session/SessionContext";

export interface Route {
  id: string;
  /** Hash URL: the app is served from a custom protocol with no server-side routing. */
  href: `#/${string}`;
  label: string;
  Icon: ComponentType<SVGProps<SVGSVGElement>>;
  Page: ComponentType;
  /** Who sees the page: a tenant role holding `permission`, platform staff, or anyone. */
  audience: { tenant: Permission } | "staff" | "everyone";
}

export const ROUTES: readonly Route[] = [
  // The home screen: the first page a member may see is where the app opens.
  { id: "home", href: "#/home", label: "Overview", Icon: HomeIcon, Page: HomePage, audience: { tenant: "view_commission_reports" } },
  { id: "users", href: "#/users", label: "Users", Icon: UsersIcon, Page: UsersPage, audience: { tenant: "view_users" } },
  { id: "leads", href: "#/leads", label: "Leads", Icon: LeadsIcon, Page: LeadsPage, audience: { tenant: "read_leads" } },
  { id: "transactions", href: "#/transactions", label: "Transactions", Icon: TransactionsIcon, Page: TransactionsPage, audience: { tenant: "read_transactions" } },
  { id: "knowledge-base", href: "#/knowledge-base", label: "Knowledge base", Icon: KnowledgeBaseIcon, Page: KnowledgeBasePage, audience: { tenant: "read_knowledge_base" } },
  { id: "reports", href: "#/reports", label: "Reports", Icon: ReportsIcon, Page: ReportsPage, audience: { tenant: "view_commission_reports" } },
  { id: "commission-plans", href: "#/commission-plans", label: "Commission plans", Icon: PlanIcon, Page: CommissionPlansPage, audience: { tenant: "manage_commission_plans" } },
  { id: "roster", href: "#/roster", label: "Roster", Icon: UsersIcon, Page: RosterPage, audience: { tenant: "view_roster" } },
  { id: "plan", href: "#/plan", label: "Plan & usage", Icon: PlanIcon, Page: PlanPage, audience: { tenant: "view_plan_and_usage" } },
  { id: "audit", href: "#/audit", label: "Audit trail", Icon: AuditIcon, Page: AuditPage, audience: { tenant: "view_audit_trail" } },
  { id: "privacy", href: "#/privacy", label: "Privacy requests", Icon: PrivacyIcon, Page: PrivacyPage, audience: { tenant: "manage_privacy_requests" } },
  { id: "settings", href: "#/settings", label: "Settings", Icon: SettingsIcon, Page: SettingsPage, audience: { tenant: "manage_settings" } },
  { id: "tenants", href: "#/tenants", label: "Tenants", Icon: TenantsIcon, Page: StaffTenantsPage, audience: "staff" },
  { id: "overview", href: "#/overview", label: "System status", Icon: OverviewIcon, Page: OverviewPage, audience: "everyone" },
];

/** The pages the sidebar offers whoever is signed in, in sidebar order. */
export function routesFor(signedIn: SignedIn): Route[] {
  const actor = actorOf(signedIn);
  return ROUTES.filter(({ audience }) => {
    if (audience === "everyone") return true;
    if (audience === "staff") return signedIn.kind === "staff";
    return actor !== null && can(actor, audience.tenant);
  });
}
