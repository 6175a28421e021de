import { useQuery } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import { staffTenants } from "./api";
import type { StaffTenantView } from "../bindings/StaffTenantView";
import { Badge } from "../components/Badge";
import { Field } from "../components/Field";
import { PageHeader } from "../components/PageHeader";
import { QueryBoundary } from "../components/QueryBoundary";
import { VirtualTable, type Column } from "../components/VirtualTable";
import { formatDateTime } from "../lib/formatDate";
import { capitalise } from "../lib/text";
import { queryKeys } from "../lib/queryKeys";
import { OpenSupportDialog } from "./OpenSupportDialog";
import { PendingDeletions } from "./PendingDeletions";

export function StaffTenantsPage() {
  const [search, setSearch] = useState("");
  // Typing stays responsive; the list follows once the input settles.
  const query = useDeferredValue(search.trim());
  const tenants = useQuery({ queryKey: queryKeys.staffTenants(query), queryFn: () => staffTenants(query) });
  const [opening, setOpening] = useState<StaffTenantView | null>(null);

  const columns: Column<StaffTenantView>[] = [
    {
      id: "name",
      header: "Brokerage",
      width: "minmax(200px, 2fr)",
      render: (t) => (
        <div className="person">
          <span className="person__name">{t.tenant.name}</span>
          <span className="person__email mono">{t.tenant.subdomain}</span>
        </div>
      ),
    },
    { id: "plan", header: "Plan", width: "120px", render: (t) => <Badge tone="accent">{capitalise(t.tenant.plan)}</Badge> },
    {
      id: "status",
      header: "Status",
      width: "110px",
      render: (t) => (
        <Badge tone={t.tenant.status === "active" ? "positive" : "negative"}>{capitalise(t.tenant.status.replace("_", " "))}</Badge>
      ),
    },
    { id: "users", header: "Users", width: "80px", render: (t) => t.users },
    { id: "created", header: "Created", width: "170px", render: (t) => formatDateTime(t.createdAt) },
    {
      id: "open",
      header: "",
      width: "150px",
      render: (t) => (
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={() => setOpening(t)}
          data-testid={`open-support-${t.tenant.subdomain}`}
        >
          Open as support
        </button>
      ),
    },
  ];

  return (
    <div className="page page--wide">
      <PageHeader
        title="Tenants"
        description="Every brokerage on this server, with its plan, status and seats. Their data opens only through a support session."
      />
      <div className="toolbar" role="search">
        <Field label="Search" className="staff-search">
          <input
            className="input"
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            placeholder="Name or subdomain"
            autoFocus
            data-testid="staff-search"
          />
        </Field>
      </div>
      <QueryBoundary query={tenants} testId="staff-tenants">
        {(rows) => (
          <VirtualTable
            label="Tenants"
            rows={rows}
            columns={columns}
            rowKey={(t) => t.tenant.id}
            empty="No brokerage matches."
            testId="staff-tenants-table"
          />
        )}
      </QueryBoundary>
      <PendingDeletions />
      {opening ? <OpenSupportDialog tenant={opening} onClose={() => setOpening(null)} /> : null}
    </div>
  );
}
