import type { AuditEntry } from "../bindings/AuditEntry";
import type { ChainVerdict } from "../bindings/ChainVerdict";
import type { SupportSession } from "../bindings/SupportSession";
import { call } from "../api/commands";

export const auditTrail = () => call<AuditEntry[]>("audit_trail");
export const supportSessions = () => call<SupportSession[]>("support_sessions");
/** Re-checks the whole hash chain in Rust, with the core verifier. */
export const verifyAuditTrail = () => call<ChainVerdict>("verify_audit_trail");
