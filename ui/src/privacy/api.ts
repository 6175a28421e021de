import { call } from "../api/commands";
import type { Edited } from "../bindings/Edited";
import type { NewPrivacyRequest } from "../bindings/NewPrivacyRequest";
import type { PrivacyRequest } from "../bindings/PrivacyRequest";
import type { PrivacyRequestChanges } from "../bindings/PrivacyRequestChanges";

// The register is read from, and recorded and changed in, the copy on this computer, so
// it works offline; linking an audit entry asks the server.
export const privacyRequests = () => call<Edited<PrivacyRequest>[]>("privacy_requests");
export const recordPrivacyRequest = (request: NewPrivacyRequest) => call<PrivacyRequest>("record_privacy_request", { request });
export const changePrivacyRequest = ({ requestId, changes }: { requestId: string; changes: PrivacyRequestChanges }) =>
  call<PrivacyRequest>("change_privacy_request", { requestId, changes });
export const linkPrivacyAction = ({ requestId, auditSeq }: { requestId: string; auditSeq: number }) =>
  call<PrivacyRequest>("link_privacy_action", { requestId, link: { auditSeq } });

/** The audit actions a request can point to: core's `privacy::LINKABLE_ACTIONS`, which the server checks. */
export const LINKABLE_ACTIONS: readonly string[] = ["lead.erased", "lead.updated", "leads.exported", "tenant.exported", "export.downloaded"];
