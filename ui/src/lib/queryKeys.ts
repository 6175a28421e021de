/**
 * Every cached query's key, in one place, so a mutation invalidates exactly what it
 * changed and a sync event can refresh everything.
 */
export const queryKeys = {
  users: ["users"],
  memberRows: ["users", "rows"],
  invitations: ["invitations"],
  plan: ["plan"],
  audit: ["audit"],
  supportSessions: ["support-sessions"],
  settings: ["settings"],
  providerKeys: ["provider-keys"],
  apiKeys: ["api-keys"],
  dotloop: ["dotloop"],
  rejectedEdits: ["rejected-edits"],
  staffTenants: (query: string) => ["staff-tenants", query],
} as const;
