import { call } from "../api/commands";
import type { DryRunResult } from "../bindings/DryRunResult";
import type { LegalHold } from "../bindings/LegalHold";
import type { NewLegalHold } from "../bindings/NewLegalHold";
import type { RetentionKind } from "../bindings/RetentionKind";
import type { RetentionPolicy } from "../bindings/RetentionPolicy";

// Retention is counted and kept on the server (the dry run counts its rows), so these
// calls are online only; what a purge deletes reaches this computer through sync.
export const retentionPolicies = () => call<RetentionPolicy[]>("retention_policies");
export const retentionDryRun = ({ kind, months }: { kind: RetentionKind; months: number }) =>
  call<DryRunResult>("retention_dry_run", { request: { kind, months } });
export const setRetentionPolicy = ({ kind, months }: { kind: RetentionKind; months: number | null }) =>
  call<RetentionPolicy>("set_retention_policy", { kind, months });
export const legalHolds = () => call<LegalHold[]>("legal_holds");
export const setLegalHold = (hold: NewLegalHold) => call<LegalHold>("set_legal_hold", { hold });
export const releaseLegalHold = (holdId: string) => call<null>("release_legal_hold", { holdId });
