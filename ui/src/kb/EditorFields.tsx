import { useState } from "react";
import type { FieldFinding } from "../bindings/FieldFinding";
import type { KbDraft } from "../bindings/KbDraft";
import { Field } from "../components/Field";
import { parseTags, sameField, type FieldRef } from "./draft";
import { LintedTextArea } from "./LintedTextArea";
import { MarkdownPreview } from "./MarkdownPreview";

interface EditorFieldsProps {
  draft: KbDraft;
  onChange: (draft: KbDraft) => void;
  findings: readonly FieldFinding[];
  readOnly: boolean;
}

/** The fields of an item by its kind, each text field with its findings highlighted. */
export function EditorFields({ draft, onChange, findings, readOnly }: EditorFieldsProps) {
  // Tags are typed as one line; kept as typed so a trailing comma survives the keystroke.
  const [tagsLine, setTagsLine] = useState(draft.tags.join(", "));
  const c = draft.content;
  const at = (ref: FieldRef) => findings.filter((f) => sameField(f, ref)).map((f) => f.finding);
  const linted = (label: string, ref: FieldRef, value: string, set: (text: string) => void, rows: number, testId: string) => (
    <LintedTextArea label={label} value={value} onChange={set} findings={at(ref)} rows={rows} readOnly={readOnly} testId={testId} />
  );

  return (
    <div className="kb-fields">
      <div className="form-grid kb-fields__meta">
        <Field label="Title">
          <input className="input" value={draft.title} readOnly={readOnly} onChange={(e) => onChange({ ...draft, title: e.target.value })} data-testid="kb-title" />
        </Field>
        <Field label="Tags">
          <input
            className="input"
            placeholder="buyers, financing"
            value={tagsLine}
            readOnly={readOnly}
            onChange={(e) => {
              setTagsLine(e.target.value);
              onChange({ ...draft, tags: parseTags(e.target.value) });
            }}
            data-testid="kb-tags"
          />
        </Field>
        <Field label="Collection">
          <input className="input" value={draft.collection ?? ""} readOnly={readOnly} onChange={(e) => onChange({ ...draft, collection: e.target.value })} data-testid="kb-collection" />
        </Field>
      </div>
      {c.kind === "qa" ? (
        <>
          {linted("Question", { field: "question", alternative: null }, c.question, (question) => onChange({ ...draft, content: { ...c, question } }), 2, "kb-question")}
          <fieldset className="plain-fieldset kb-alternatives">
            <legend className="field__label">Alternative phrasings</legend>
            {c.alternatives.map((text, index) => (
              <div className="kb-alternative" key={index}>
                {linted(`Alternative phrasing ${index + 1}`, { field: "alternative", alternative: index }, text, (next) => onChange({ ...draft, content: { ...c, alternatives: c.alternatives.map((a, i) => (i === index ? next : a)) } }), 2, `kb-alternative-${index}`)}
                {readOnly ? null : (
                  <button type="button" className="button button--ghost button--small" onClick={() => onChange({ ...draft, content: { ...c, alternatives: c.alternatives.filter((_, i) => i !== index) } })} aria-label={`Remove alternative phrasing ${index + 1}`}>
                    Remove
                  </button>
                )}
              </div>
            ))}
            {readOnly ? null : (
              <div>
                <button type="button" className="button button--secondary button--small" onClick={() => onChange({ ...draft, content: { ...c, alternatives: [...c.alternatives, ""] } })} data-testid="kb-alternative-add">
                  Add a phrasing
                </button>
              </div>
            )}
          </fieldset>
          {linted("Answer", { field: "answer", alternative: null }, c.answer, (answer) => onChange({ ...draft, content: { ...c, answer } }), 6, "kb-answer")}
        </>
      ) : (
        <>
          {c.kind === "web_page" ? (
            <p className="kb-fields__source" data-testid="kb-url">
              Fetched from <span className="input--mono">{c.url}</span>
            </p>
          ) : c.file ? (
            <p className="kb-fields__source muted" data-testid="kb-file">
              Extracted from {c.file.name} ({formatBytes(c.file.sizeBytes)}); the original file is kept.
            </p>
          ) : null}
          <div className="kb-markdown">
            {linted("Markdown", { field: "body", alternative: null }, c.markdown, (markdown) => onChange({ ...draft, content: { ...c, markdown } }), 16, "kb-markdown")}
            <div className="field">
              <span className="field__label">Preview</span>
              <MarkdownPreview markdown={c.markdown} />
            </div>
          </div>
        </>
      )}
    </div>
  );
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
