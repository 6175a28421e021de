import type { AuditEntry } from "../bindings/AuditEntry";
import type { Edited } from "../bindings/Edited";
import type { SyncState } from "../bindings/SyncState";
import type { TenantSettings } from "../bindings/TenantSettings";
import type { UserSummary } from "../bindings/UserSummary";
import type { Role } from "../bindings/Role";
import type { SignedIn } from "../bindings/SignedIn";
import type { KeychainStatus } from "../bindings/KeychainStatus";
import type { PrivacyRequest } from "../bindings/PrivacyRequest";
import type { ServerStatus } from "../bindings/ServerStatus";

export const SERVER_URL = "https://crm.harbourrealty.example";

export function reachableServer(overrides: Partial<ServerStatus> = {}): ServerStatus {
  return {
    serverUrl: SERVER_URL,
    reachable: true,
    serverVersion: "2.4.1",
    checkedAt: "2025-03-14T09:26:53Z",
    error: null,
    ...overrides,
  };
}

export function unreachableServer(overrides: Partial<ServerStatus> = {}): ServerStatus {
  return {
    serverUrl: SERVER_URL,
    reachable: false,
    serverVersion: null,
    checkedAt: "2025-03-14T09:26:53Z",
    error: {
      code: "connect_timeout",
      message: "Could not connect to crm.harbourrealty.example: the connection timed out.",
    },
    ...overrides,
  };
}

export function availableKeychain(overrides: Partial<KeychainStatus> = {}): KeychainStatus {
  return { available: true, backend: "Secret Service", error: null, ...overrides };
}

export function unavailableKeychain(overrides: Partial<KeychainStatus> = {}): KeychainStatus {
  return {
    available: false,
    backend: "Secret Service",
    error: {
      code: "keychain_locked",
      message:
        "No unlocked keyring was found. Install gnome-keyring (or KeePassXC with Secret Service enabled), unlock it, then check again.",
    },
    ...overrides,
  };
}

export function memberSignedIn(role: Role = "owner"): SignedIn {
  return {
    kind: "member",
    serverUrl: SERVER_URL,
    user: {
      id: "0190a000-0000-7000-8000-000000000001",
      email: "dana@harbourrealty.example",
      displayName: "Dana Whitfield",
      role,
      status: "active",
      lastSignInAt: "2025-03-14T09:00:00Z",
      mfaEnabled: true,
    },
    tenant: {
      id: "0190a000-0000-7000-8000-0000000000aa",
      name: "Harbour Realty",
      subdomain: "harbour",
      plan: "professional",
      status: "active",
    },
  };
}

export function user(email: string, role: Role, overrides: Partial<UserSummary> = {}): UserSummary {
  return {
    id: `id-${email}`,
    email,
    displayName: email.split("@")[0] ?? email,
    role,
    status: "active",
    lastSignInAt: null,
    mfaEnabled: false,
    ...overrides,
  };
}

export const TEAM: UserSummary[] = [
  user("dana@harbourrealty.example", "owner", { mfaEnabled: true }),
  user("sam@harbourrealty.example", "admin"),
  user("ava@harbourrealty.example", "agent"),
];

export function auditEntry(seq: number, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    seq,
    tenantId: "0190a000-0000-7000-8000-0000000000aa",
    occurredAt: new Date(Date.UTC(2025, 2, 1, 9, 0, seq % 60)).toISOString(),
    actor: { kind: "user", id: "u-1", display: "Dana Whitfield" },
    action: "user.role_changed",
    target: `user:${seq}`,
    ip: "203.0.113.7",
    userAgent: "Brokerdesk/0.1",
    clientDigest: "c".repeat(64),
    reason: null,
    supportTicket: null,
    details: { to: "admin" },
    prevHash: "0".repeat(64),
    hash: "a".repeat(64),
    ...overrides,
  };
}

/** A record as the users and settings screens read it from the cache: synced, unless `overrides` say otherwise. */
export function edited<T>(record: T, overrides: Partial<Edited<T>> = {}): Edited<T> {
  return { record, edit: "synced", pendingFields: [], revoking: false, ...overrides };
}

/** A record whose revocation the app queues: listed as synced until revoked, then as revoking. */
export function revocable<T>(record: T) {
  let revoking = false;
  return {
    list: () => [edited(record, revoking ? { edit: "pending", revoking: true } : {})],
    revoke: () => {
      revoking = true;
    },
  };
}

/** The sync engine as it reports itself when the server cannot be reached. */
export function offlineSync(overrides: Partial<SyncState> = {}): SyncState {
  return {
    phase: "offline",
    online: false,
    lastSyncedAt: "2025-03-14T09:26:53Z",
    pendingEdits: 0,
    rejectedEdits: 0,
    conflicts: 0,
    progress: null,
    error: { code: "unreachable", message: "The server cannot be reached." },
    ...overrides,
  };
}

/** A brokerage's settings as a new one starts with them. */
export function defaultSettings(): TenantSettings {
  return {
    timezone: "America/New_York",
    locale: "en-US",
    dateFormat: "month_day_year",
    callingWindow: { starts: "08:00", ends: "21:00" },
    tcpa: { requireWrittenConsentForAiCalls: true, honourInternalDnc: true },
    branding: { primaryColour: "#1D4ED8", accentColour: "#0F766E", logoUrl: null },
    transactionStatusGroups: { groups: { ACTIVE_LISTING: "active", UNDER_CONTRACT: "pending", SOLD: "closed", WITHDRAWN: "cancelled" } },
    licenseState: null,
  };
}

/** A CCPA deletion request received on Wednesday 2 December 2026, with core's deadlines for it. */
export function privacyRequest(overrides: Partial<PrivacyRequest> = {}): PrivacyRequest {
  return {
    id: "0190c000-0000-7000-8000-000000000001",
    kind: "deletion",
    law: "ccpa",
    requesterName: "Dana Seller",
    requesterEmail: "dana.seller@example.com",
    channel: "email",
    receivedOn: "2026-12-02",
    deadlines: { confirmBy: "2026-12-16", respondBy: "2027-01-16" },
    status: "received",
    closedOn: null,
    notes: "",
    actions: [],
    createdAt: "2026-12-02T15:00:00Z",
    updatedAt: "2026-12-02T15:00:00Z",
    ...overrides,
  };
}

/** Platform staff inside Harbour Realty in a support session, acting with `role`. */
export function supportSignedIn(role: Role = "owner"): SignedIn {
  const member = memberSignedIn() as Extract<SignedIn, { kind: "member" }>;
  const now = Date.now();
  return {
    kind: "support",
    serverUrl: member.serverUrl,
    tenant: member.tenant,
    role,
    session: {
      id: "ss-1",
      tenantId: member.tenant.id,
      staffDisplay: "Pat Support",
      reason: "Owner asked about their plan",
      ticket: null,
      startedAt: new Date(now).toISOString(),
      expiresAt: new Date(now + 3_600_000).toISOString(),
      endedAt: null,
    },
  };
}
