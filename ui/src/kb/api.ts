import { call } from "../api/commands";
import type { FieldFinding } from "../bindings/FieldFinding";
import type { KbConsoleAnswer } from "../bindings/KbConsoleAnswer";
import type { KbDraft } from "../bindings/KbDraft";
import type { KbImportOutcome } from "../bindings/KbImportOutcome";
import type { KbItem } from "../bindings/KbItem";
import type { KbPublishOutcome } from "../bindings/KbPublishOutcome";
import type { KbSaved } from "../bindings/KbSaved";
import type { KbVersionMeta } from "../bindings/KbVersionMeta";
import type { UnansweredGroup } from "../bindings/UnansweredGroup";
import type { VersionDiff } from "../bindings/VersionDiff";

/** Every knowledge-base query starts with this, so one invalidation refreshes them all. */
export const KB_KEY = ["kb"] as const;
export const kbKeys = {
  items: [...KB_KEY, "items"],
  unanswered: [...KB_KEY, "unanswered"],
  versions: (itemId: string) => [...KB_KEY, "versions", itemId],
  diff: (itemId: string, from: string, to: string | null) => [...KB_KEY, "diff", itemId, from, to],
} as const;

// Read from this computer's copy (items, versions, diffs) or computed on it (lint,
// console), so they work offline.
export const kbItems = () => call<KbItem[]>("kb_items");
export const kbLint = (draft: KbDraft) => call<FieldFinding[]>("kb_lint", { draft });
export const kbVersions = (itemId: string) => call<KbVersionMeta[]>("kb_versions", { itemId });
/** `to` null: the current draft. */
export const kbDiff = (itemId: string, from: string, to: string | null) => call<VersionDiff>("kb_diff", { itemId, from, to });
export const kbConsole = ({ question, topK }: { question: string; topK: number | null }) => call<KbConsoleAnswer>("kb_console", { question, topK });

// Answered by the server; each command has synced the cache before it answers.
export const kbAddItem = (draft: KbDraft) => call<KbSaved>("kb_add_item", { draft });
export const kbSaveDraft = ({ itemId, draft }: { itemId: string; draft: KbDraft }) => call<KbSaved>("kb_save_draft", { itemId, draft });
export interface UploadRequest {
  path: string;
  title: string | null;
  tags: string[];
  collection: string | null;
}
export const kbUpload = (request: UploadRequest) => call<KbSaved>("kb_upload", { ...request });
export interface ImportRequest {
  url: string;
  sitemap: boolean;
  tags: string[];
  collection: string | null;
}
export const kbImportUrl = (request: ImportRequest) => call<KbImportOutcome>("kb_import_url", { ...request });
export const kbRefetch = (itemId: string) => call<KbSaved>("kb_refetch", { itemId });
export interface PublishRequest {
  itemId: string;
  note: string;
  acknowledgeWarnings: boolean;
}
export const kbPublish = (request: PublishRequest) => call<KbPublishOutcome>("kb_publish", { ...request });
export const kbUnpublish = (itemId: string) => call<KbItem>("kb_unpublish", { itemId });
export const kbDelete = (itemId: string) => call<null>("kb_delete", { itemId });
export const kbRestore = ({ itemId, versionId }: { itemId: string; versionId: string }) => call<KbSaved>("kb_restore", { itemId, versionId });
export const kbUnanswered = () => call<UnansweredGroup[]>("kb_unanswered");
export const kbAnswerUnanswered = (key: string) => call<KbSaved>("kb_answer_unanswered", { key });

/** The page, and its tabs as hash paths under it (so the Overview can link to one). */
export const KB_HREF = "#/knowledge-base";
export const KB_CONSOLE_HREF = `${KB_HREF}/console`;
export const KB_UNANSWERED_HREF = `${KB_HREF}/unanswered`;
