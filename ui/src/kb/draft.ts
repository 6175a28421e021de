import type { FieldFinding } from "../bindings/FieldFinding";
import type { KbContent } from "../bindings/KbContent";
import type { KbDraft } from "../bindings/KbDraft";
import type { KbField } from "../bindings/KbField";

export function blankDraft(kind: "document" | "qa"): KbDraft {
  const content: KbContent = kind === "document" ? { kind, markdown: "", file: null } : { kind, question: "", alternatives: [], answer: "" };
  return { title: "", tags: [], collection: null, content };
}

/** Which text field of the draft a finding is in. */
export interface FieldRef {
  field: KbField;
  /** Which alternative phrasing, for `alternative`. */
  alternative: number | null;
}

export function sameField(finding: FieldFinding, ref: FieldRef): boolean {
  return finding.field === ref.field && (finding.field !== "alternative" || finding.alternative === ref.alternative);
}

/** The text the lint read for a field ("" for a field this kind has not). */
export function fieldText(draft: KbDraft, { field, alternative }: FieldRef): string {
  const c = draft.content;
  switch (field) {
    case "title":
      return draft.title;
    case "body":
      return c.kind === "qa" ? "" : c.markdown;
    case "question":
      return c.kind === "qa" ? c.question : "";
    case "answer":
      return c.kind === "qa" ? c.answer : "";
    case "alternative":
      return c.kind === "qa" ? (c.alternatives[alternative ?? -1] ?? "") : "";
  }
}

/** The draft with one text field replaced. */
export function withFieldText(draft: KbDraft, { field, alternative }: FieldRef, text: string): KbDraft {
  const c = draft.content;
  if (field === "title") return { ...draft, title: text };
  if (field === "body" && c.kind !== "qa") return { ...draft, content: { ...c, markdown: text } };
  if (c.kind !== "qa") return draft;
  if (field === "question") return { ...draft, content: { ...c, question: text } };
  if (field === "answer") return { ...draft, content: { ...c, answer: text } };
  return { ...draft, content: { ...c, alternatives: c.alternatives.map((a, i) => (i === alternative ? text : a)) } };
}

/** "buyers, first-time" → ["buyers", "first-time"]: tags are typed as one comma-separated line. */
export function parseTags(line: string): string[] {
  return [...new Set(line.split(",").map((t) => t.trim()).filter((t) => t !== ""))];
}

/** An empty collection field means none. */
export function collectionOf(line: string): string | null {
  const trimmed = line.trim();
  return trimmed === "" ? null : trimmed;
}

/** What a list shows of an item: its title, or its question for an untitled Q&A. */
export function displayTitle(draft: KbDraft): string {
  if (draft.title.trim() !== "") return draft.title;
  if (draft.content.kind === "qa" && draft.content.question.trim() !== "") return draft.content.question;
  return "Untitled";
}
