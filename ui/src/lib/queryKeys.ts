/**
 * Every cached query's key, in one place, so a mutation invalidates exactly what it
 * changed and a sync event can refresh everything.
 */
export const queryKeys = {
  users: ["users"],
  memberRows: ["users", "rows"],
  invitations: ["invitations"],
  plan: ["plan"],
  // Under the plan's key, so whatever refreshes the plan refreshes the options too.
  planOptions: ["plan", "options"],
  audit: ["audit"],
  supportSessions: ["support-sessions"],
  settings: ["settings"],
  providerKeys: ["provider-keys"],
  apiKeys: ["api-keys"],
  dotloop: ["dotloop"],
  rejectedEdits: ["rejected-edits"],
  privacyRequests: ["privacy-requests"],
  retentionPolicies: ["retention", "policies"],
  legalHolds: ["retention", "holds"],
  exports: ["exports"],
  staffTenants: (query: string) => ["staff-tenants", query],
  tenantDeletion: ["tenant-deletion"],
  pendingDeletions: ["pending-deletions"],
} as const;
