import type { CallReason } from "../bindings/CallReason";
import type { ConsentChannel } from "../bindings/ConsentChannel";
import type { LeadSort } from "../bindings/LeadSort";
import type { LeadSource } from "../bindings/LeadSource";
import type { LeadStage } from "../bindings/LeadStage";

export const STAGE_LABELS: Record<LeadStage, string> = {
  new: "New",
  contacted: "Contacted",
  qualified: "Qualified",
  nurture: "Nurture",
  appointment: "Appointment",
  under_contract: "Under contract",
  closed: "Closed",
  lost: "Lost",
};

export const SOURCE_LABELS: Record<LeadSource, string> = {
  chatbot: "Chatbot",
  ai_call: "AI call",
  web_form: "Web form",
  import: "Import",
  manual: "Manual",
};

export const SORT_LABELS: Record<LeadSort, string> = {
  updated_desc: "Recently updated",
  created_desc: "Newest",
  created_asc: "Oldest",
  name_asc: "Name A–Z",
};

export const CALL_REASON_LABELS: Record<CallReason, string> = {
  allowed: "OK to call",
  not_leads_number: "Not this lead's number",
  on_do_not_call_list: "On the do-not-call list",
  consent_revoked: "Consent revoked",
  no_written_consent: "No written consent",
  outside_calling_window: "Outside calling hours",
};

export const CHANNEL_LABELS: Record<ConsentChannel, string> = {
  call: "Calls",
  sms: "Text messages",
  email: "Email",
};

export const STAGES = Object.keys(STAGE_LABELS) as LeadStage[];
export const SOURCES = Object.keys(SOURCE_LABELS) as LeadSource[];
export const SORTS = Object.keys(SORT_LABELS) as LeadSort[];
