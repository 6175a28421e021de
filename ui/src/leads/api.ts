import { call, withProgress } from "../api/commands";
import type { BulkEditResult } from "../bindings/BulkEditResult";
import type { CallDecision } from "../bindings/CallDecision";
import type { CallKind } from "../bindings/CallKind";
import type { ConsentEntry } from "../bindings/ConsentEntry";
import type { DncEntry } from "../bindings/DncEntry";
import type { ExportedFile } from "../bindings/ExportedFile";
import type { ImportPreview } from "../bindings/ImportPreview";
import type { ImportResult } from "../bindings/ImportResult";
import type { Lead } from "../bindings/Lead";
import type { LeadDetail } from "../bindings/LeadDetail";
import type { LeadListQuery } from "../bindings/LeadListQuery";
import type { LeadRowPage } from "../bindings/LeadRowPage";
import type { NewConsent } from "../bindings/NewConsent";
import type { NewDncEntry } from "../bindings/NewDncEntry";
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
// offline; the sync engine carries edits to the server.

export const listLeads = (query: LeadListQuery) => call<LeadRowPage>("list_leads", { query });
export const leadDetail = (leadId: string) => call<LeadDetail>("lead_detail", { leadId });
export const createLead = (changes: LeadChanges) => call<Lead>("create_lead", { changes });
export const updateLead = (leadId: string, changes: LeadChanges) =>
  call<Lead>("update_lead", { leadId, changes });
/** Every cached lead the filters match (not only the loaded pages), for "select all". */
export const matchingLeadIds = (query: LeadListQuery) => call<string[]>("matching_lead_ids", { query });
/** Erases a lead for a privacy request: hidden at once, erased everywhere after the next sync. */
export const eraseLead = (leadId: string) => call<null>("erase_lead", { leadId });
/** "May we call this lead on this number now?", by core's rule, from the cached ledger. */
export const callCheck = (leadId: string, phone: string, kind: CallKind) =>
  call<CallDecision>("call_check", { leadId, phone, kind });
/** Adds a grant or a revocation to the lead's consent ledger (entries are never changed). */
export const recordConsent = (leadId: string, consent: NewConsent) =>
  call<ConsentEntry>("record_consent", { leadId, consent });
export const dncList = () => call<DncEntry[]>("dnc_list");
export const addDnc = (entry: NewDncEntry) => call<DncEntry>("add_dnc", { entry });
export const removeDnc = (entryId: string) => call<null>("remove_dnc", { entryId });
export const previewImport = (csv: string) => call<ImportPreview>("preview_lead_import", { csv });

/** Queues the change for every lead, reporting leads done. */
export const bulkUpdateLeads = (leadIds: string[], changes: LeadChanges, onProgress: (p: TransferProgress) => void) =>
  withProgress<BulkEditResult>("bulk_update_leads", { leadIds, changes }, onProgress);
/** Queues the file's valid rows as new leads, reporting rows queued out of the valid rows. */
export const applyImport = (csv: string, onProgress: (p: TransferProgress) => void) =>
  withProgress<ImportResult>("apply_lead_import", { csv }, onProgress);
/** Writes the cached leads the filters match to a CSV file, reporting progress as it goes. */
export const exportLeads = (query: LeadListQuery, onProgress: (p: TransferProgress) => void) =>
  withProgress<ExportedFile>("export_leads", { query }, onProgress);
