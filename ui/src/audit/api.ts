import type { ChainVerdict } from "../bindings/ChainVerdict";
import type { SupportSession } from "../bindings/SupportSession";
import type { TrailLine } from "../bindings/TrailLine";
import { call } from "../api/commands";

/** The whole trail in chain order, each entry with its sentence in today's names. */
export const auditTrail = () => call<TrailLine[]>("audit_trail");
export const supportSessions = () => call<SupportSession[]>("support_sessions");
/** Re-checks the whole hash chain in Rust, with the core verifier. */
export const verifyAuditTrail = () => call<ChainVerdict>("verify_audit_trail");
