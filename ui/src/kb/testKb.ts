import type { FieldFinding } from "../bindings/FieldFinding";
import type { KbDraft } from "../bindings/KbDraft";
import type { KbItem } from "../bindings/KbItem";
import type { KbItemState } from "../bindings/KbItemState";
import type { Severity } from "../bindings/Severity";

export function docDraft(title: string, markdown = "Our office is open weekdays."): KbDraft {
  return { title, tags: ["office"], collection: "Policies", content: { kind: "document", markdown, file: null } };
}

export function kbItem(id: string, title: string, state: KbItemState = "draft", draft: KbDraft = docDraft(title)): KbItem {
  const published =
    state === "draft" ? null : { id: `v-${id}`, itemId: id, number: 1, publishedBy: "u1", publishedAt: "2026-03-01T10:00:00Z", note: "First" };
  return { id, draft, state, published, updatedBy: "u1", updatedAt: `2026-03-0${id.length % 9}T10:00:00Z` };
}

/**
 * What core's lint answers for `phrase` in a document's body: its span counted in code
 * points, as Rust counts chars, not in the UTF-16 units of a JavaScript string.
 */
export function lintPhrase(draft: KbDraft, phrase: string, severity: Severity, rewording: string | null = null): FieldFinding[] {
  const text = draft.content.kind === "qa" ? draft.content.answer : draft.content.markdown;
  const at = text.indexOf(phrase);
  if (at < 0) return [];
  const start = Array.from(text.slice(0, at)).length;
  return [
    {
      field: draft.content.kind === "qa" ? "answer" : "body",
      alternative: null,
      finding: {
        start,
        end: start + Array.from(phrase).length,
        text: phrase,
        severity,
        class: severity === "warn" ? "familial_status" : "religion",
        reason: severity === "warn" ? "Describes who would suit the home (familial status), which HUD treats as steering." : "States a religious preference about buyers.",
        source: "HUD memo of 9 January 1995 (Achtenberg)",
        rewording,
      },
    },
  ];
}
