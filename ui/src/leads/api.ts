import { Channel } from "@tauri-apps/api/core";
import { call } from "../api/commands";
import type { BulkEditResult } from "../bindings/BulkEditResult";
import type { CallDecision } from "../bindings/CallDecision";
import type { CallKind } from "../bindings/CallKind";
import type { ExportedFile } from "../bindings/ExportedFile";
import type { ImportPreview } from "../bindings/ImportPreview";
import type { ImportResult } from "../bindings/ImportResult";
import type { Lead } from "../bindings/Lead";
import type { LeadDetail } from "../bindings/LeadDetail";
import type { LeadListQuery } from "../bindings/LeadListQuery";
import type { LeadRowPage } from "../bindings/LeadRowPage";
import type { TransferProgress } from "../bindings/TransferProgress";

/**
 * A change to some of a lead's fields, as core's `LeadChanges` reads it: absent fields
 * stay, `null` clears an optional one.
 */
export type LeadChanges = Partial<
  Pick<
    Lead,
    | "name"
    | "emails"
    | "phones"
    | "source"
    | "sourceDetail"
    | "stage"
    | "assignedAgent"
    | "budgetMin"
    | "budgetMax"
    | "preferences"
    | "tags"
    | "notes"
    | "timeZone"
  >
>;

// Every read and edit below goes to the encrypted cache and its outbox, so it works
// offline; the sync engine carries edits to the server. Import is the exception: the
// server applies a file in one transaction, so it needs the server.

export const listLeads = (query: LeadListQuery) => call<LeadRowPage>("list_leads", { query });
export const leadDetail = (leadId: string) => call<LeadDetail>("lead_detail", { leadId });
export const createLead = (changes: LeadChanges) => call<Lead>("create_lead", { changes });
export const updateLead = (leadId: string, changes: LeadChanges) =>
  call<Lead>("update_lead", { leadId, changes });
export const bulkUpdateLeads = (leadIds: string[], changes: LeadChanges) =>
  call<BulkEditResult>("bulk_update_leads", { leadIds, changes });
/** "May we call this lead on this number now?", by core's rule, from the cached ledger. */
export const callCheck = (leadId: string, phone: string, kind: CallKind) =>
  call<CallDecision>("call_check", { leadId, phone, kind });
export const previewImport = (csv: string) => call<ImportPreview>("preview_lead_import", { csv });
export const applyImport = (csv: string) => call<ImportResult>("apply_lead_import", { csv });

/** Writes every cached lead to a CSV file, reporting progress as it goes. */
export function exportLeads(onProgress: (progress: TransferProgress) => void): Promise<ExportedFile> {
  const channel = new Channel<TransferProgress>(onProgress);
  return call<ExportedFile>("export_leads", { onProgress: channel });
}
