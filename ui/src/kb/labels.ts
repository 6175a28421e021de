import type { KbField } from "../bindings/KbField";
import type { KbItemKind } from "../bindings/KbItemKind";
import type { KbItemState } from "../bindings/KbItemState";
import type { LintClass } from "../bindings/LintClass";
import type { Severity } from "../bindings/Severity";
import type { Tone } from "../components/Badge";

export const SEVERITY_LABELS: Record<Severity, string> = { block: "Blocks publishing", warn: "Warning", info: "Info" };
export const SEVERITY_TONES: Record<Severity, Tone> = { block: "negative", warn: "warning", info: "neutral" };

export const CLASS_LABELS: Record<LintClass, string> = {
  race: "Race",
  color: "Color",
  religion: "Religion",
  sex: "Sex",
  handicap: "Handicap",
  familial_status: "Familial status",
  national_origin: "National origin",
  age: "Age",
  ancestry: "Ancestry",
  gender_identity: "Gender identity",
  marital_status: "Marital status",
  sexual_orientation: "Sexual orientation",
  medical_condition: "Medical condition",
  source_of_income: "Source of income",
  steering: "Steering",
  catch_word: "HUD catch word",
};

export const FIELD_LABELS: Record<KbField, string> = { title: "Title", body: "Text", question: "Question", alternative: "Alternative phrasing", answer: "Answer" };

export const KIND_LABELS: Record<KbItemKind, string> = { document: "Document", qa: "Q&A", web_page: "Web page" };
export const STATE_LABELS: Record<KbItemState, string> = { draft: "Draft", published: "Published", changed: "Changed since publish" };
export const STATE_TONES: Record<KbItemState, Tone> = { draft: "neutral", published: "positive", changed: "warning" };
