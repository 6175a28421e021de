import { useState, type FormEvent } from "react";
import type { KbImportOutcome } from "../bindings/KbImportOutcome";
import type { KbItem } from "../bindings/KbItem";
import { Dialog } from "../components/Dialog";
import { DialogActions } from "../components/DialogActions";
import { ErrorCallout } from "../components/ErrorCallout";
import { Field } from "../components/Field";
import { useCommandMutation } from "../hooks/useCommandMutation";
import { KB_KEY, kbImportUrl, kbUpload } from "./api";
import { collectionOf, displayTitle, parseTags } from "./draft";

/** The search filters an upload or an import gives every item it makes. */
function useFilters() {
  const [tags, setTags] = useState("");
  const [collection, setCollection] = useState("");
  const fields = (
    <>
      <Field label="Tags">
        <input className="input" placeholder="buyers, financing" value={tags} onChange={(e) => setTags(e.target.value)} data-testid="kb-source-tags" />
      </Field>
      <Field label="Collection">
        <input className="input" value={collection} onChange={(e) => setCollection(e.target.value)} data-testid="kb-source-collection" />
      </Field>
    </>
  );
  return { fields, value: { tags: parseTags(tags), collection: collectionOf(collection) } };
}

/** A file on this computer, extracted into a document draft by the server (the original is kept). */
export function UploadDialog({ onClose, onUploaded }: { onClose: () => void; onUploaded: (item: KbItem) => void }) {
  const [path, setPath] = useState("");
  const [title, setTitle] = useState("");
  const filters = useFilters();
  const upload = useCommandMutation(kbUpload, [KB_KEY], (saved) => {
    onUploaded(saved.item);
    onClose();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    upload.run({ path: path.trim(), title: title.trim() === "" ? null : title.trim(), ...filters.value });
  };
  return (
    <Dialog
      title="Upload a document"
      description="Text, Markdown, HTML, PDF or Word (.docx). The text is extracted into a draft; the original file is kept and counts against your plan's storage."
      onClose={onClose}
      testId="kb-upload-dialog"
      footer={<DialogActions onCancel={onClose} label="Upload" busyLabel="Uploading…" busy={upload.busy} disabled={path.trim() === ""} form="kb-upload-form" testId="kb-upload-confirm" />}
    >
      <form id="kb-upload-form" className="dialog__body-form" onSubmit={submit}>
        <Field label="File path" hint="The full path of the file on this computer, e.g. /home/dana/Documents/office-policy.pdf.">
          <input className="input input--mono" value={path} onChange={(e) => setPath(e.target.value)} data-testid="kb-upload-path" />
        </Field>
        <Field label="Title" hint="Optional: the file's own title or name otherwise.">
          <input className="input" value={title} onChange={(e) => setTitle(e.target.value)} data-testid="kb-upload-title" />
        </Field>
        {filters.fields}
      </form>
      {upload.error ? <ErrorCallout error={upload.error} testId="kb-upload-error" /> : null}
    </Dialog>
  );
}

/** A web page, or every page of a sitemap, fetched by the server into drafts. */
export function ImportUrlDialog({ onClose, onOpen }: { onClose: () => void; onOpen: (item: KbItem) => void }) {
  const [url, setUrl] = useState("");
  const [sitemap, setSitemap] = useState(false);
  const filters = useFilters();
  const importing = useCommandMutation(kbImportUrl, [KB_KEY]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    importing.run({ url: url.trim(), sitemap, ...filters.value });
  };
  const outcome = importing.data;
  return (
    <Dialog
      title="Import from a URL"
      description="The server fetches the page (respecting robots.txt) and makes a draft of it; nothing reaches the chatbot before you publish."
      onClose={onClose}
      testId="kb-import-dialog"
      footer={
        outcome ? (
          <button type="button" className="button button--primary" onClick={onClose} data-testid="kb-import-done">
            Done
          </button>
        ) : (
          <DialogActions onCancel={onClose} label="Import" busyLabel="Importing…" busy={importing.busy} disabled={url.trim() === ""} form="kb-import-form" testId="kb-import-confirm" />
        )
      }
    >
      {outcome ? (
        <ImportReport outcome={outcome} onOpen={(item) => {
          onOpen(item);
          onClose();
        }} />
      ) : (
        <form id="kb-import-form" className="dialog__body-form" onSubmit={submit}>
          <Field label="URL">
            <input className="input input--mono" type="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://www.example.com/buying-guide" data-testid="kb-import-url" />
          </Field>
          <label className="checkbox">
            <input type="checkbox" checked={sitemap} onChange={(e) => setSitemap(e.target.checked)} data-testid="kb-import-sitemap" />
            This is a sitemap: import every page it lists
          </label>
          {filters.fields}
        </form>
      )}
      {importing.error ? <ErrorCallout error={importing.error} testId="kb-import-error" /> : null}
    </Dialog>
  );
}

function ItemLinks({ items, onOpen }: { items: KbItem[]; onOpen: (item: KbItem) => void }) {
  return (
    <ul className="kb-import-list">
      {items.map((item) => (
        <li key={item.id}>
          <button type="button" className="link-button" onClick={() => onOpen(item)}>
            {displayTitle(item.draft)}
          </button>
        </li>
      ))}
    </ul>
  );
}

function ImportReport({ outcome, onOpen }: { outcome: KbImportOutcome; onOpen: (item: KbItem) => void }) {
  return (
    <div className="kb-import-report" data-testid="kb-import-outcome">
      <p data-testid="kb-import-summary">
        {outcome.added.length} added, {outcome.changed.length} changed (as draft changes, to review and publish), {outcome.unchanged} unchanged, {outcome.skipped.length} skipped.
      </p>
      {outcome.added.length > 0 ? (
        <>
          <h4 className="kb-editor__subtitle">Added</h4>
          <ItemLinks items={outcome.added} onOpen={onOpen} />
        </>
      ) : null}
      {outcome.changed.length > 0 ? (
        <>
          <h4 className="kb-editor__subtitle">Changed since the last fetch</h4>
          <ItemLinks items={outcome.changed} onOpen={onOpen} />
        </>
      ) : null}
      {outcome.skipped.length > 0 ? (
        <>
          <h4 className="kb-editor__subtitle">Skipped</h4>
          <ul className="kb-import-list" data-testid="kb-import-skipped">
            {outcome.skipped.map((skip) => (
              <li key={skip.url}>
                <span className="input--mono">{skip.url}</span>: {skip.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
