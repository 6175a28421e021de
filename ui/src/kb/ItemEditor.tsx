import { useState } from "react";
import type { KbDraft } from "../bindings/KbDraft";
import type { KbItem } from "../bindings/KbItem";
import { Badge } from "../components/Badge";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { ErrorCallout } from "../components/ErrorCallout";
import { NEEDS_CONNECTION } from "../edits/useOffline";
import { useCommandMutation } from "../hooks/useCommandMutation";
import { formatDateTime } from "../lib/formatDate";
import { KB_KEY, kbAddItem, kbDelete, kbRefetch, kbSaveDraft, kbUnpublish } from "./api";
import { collectionOf, displayTitle, fieldText, withFieldText } from "./draft";
import { KIND_LABELS, STATE_LABELS, STATE_TONES } from "./labels";
import { EditorFields } from "./EditorFields";
import { FindingsList } from "./FindingsList";
import { PublishDialog } from "./PublishDialog";
import { replaceSpan } from "./spans";
import { useLint } from "./useLint";
import { VersionHistory } from "./VersionHistory";

/** What the signed-in member may do here, and whether the server can be reached. */
export interface KbAccess {
  mayWrite: boolean;
  mayPublish: boolean;
  offline: boolean;
}

interface ItemEditorProps {
  /** null: a new item, not saved yet. */
  item: KbItem | null;
  initial: KbDraft;
  access: KbAccess;
  /** After a save (or anything that answers with the item): show that item, with a notice about what happened. */
  onSaved: (item: KbItem, notice?: string) => void;
  /** What the last action on this item says to the owner (a re-fetch: whether the page changed). */
  notice?: string;
  onClose: () => void;
}

/** The draft as the server takes it: an empty collection is none. */
function normalised(draft: KbDraft): KbDraft {
  return { ...draft, collection: collectionOf(draft.collection ?? "") };
}

/** One item's editor: its fields with the lint as it is typed, and what can be done with it. */
export function ItemEditor({ item, initial, access, onSaved, onClose, notice }: ItemEditorProps) {
  const { mayWrite, mayPublish, offline } = access;
  const [draft, setDraft] = useState(initial);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const [publishing, setPublishing] = useState(false);
  const [showHistory, setShowHistory] = useState(false);
  const lint = useLint(draft);
  const save = useCommandMutation((d: KbDraft) => (item ? kbSaveDraft({ itemId: item.id, draft: d }) : kbAddItem(d)), [KB_KEY], (saved) => onSaved(saved.item));
  // The server answers an unchanged page with the item as it was; comparing drafts says which.
  const refetch = useCommandMutation(kbRefetch, [KB_KEY], (saved) =>
    onSaved(
      saved.item,
      item && JSON.stringify(saved.item.draft) === JSON.stringify(item.draft)
        ? "The page has not changed since it was last fetched."
        : "The page changed: its new text is the draft now. Compare it with the published version in Version history before publishing.",
    ),
  );
  const unpublish = useCommandMutation(kbUnpublish, [KB_KEY], (unpublished) => onSaved(unpublished));
  const remove = useCommandMutation(kbDelete, [KB_KEY], onClose);
  const dirty = item === null || JSON.stringify(normalised(draft)) !== JSON.stringify(normalised(item.draft));
  const busy = save.busy || refetch.busy || unpublish.busy;
  const needsServer = offline ? NEEDS_CONNECTION : undefined;
  const error = save.error ?? refetch.error ?? unpublish.error;

  return (
    <section className="card kb-editor" data-testid="kb-editor" aria-label="Editor">
      <div className="card__header card__header--actions">
        <div>
          <h3 className="card__title" data-testid="kb-editor-title">
            {item ? displayTitle(item.draft) : draft.content.kind === "qa" ? "New Q&A" : "New document"}
          </h3>
          <p className="card__description">
            {KIND_LABELS[draft.content.kind]}
            {item ? (
              <>
                {" · "}
                <Badge tone={STATE_TONES[item.state]} testId="kb-editor-state">
                  {STATE_LABELS[item.state]}
                </Badge>
                {item.published ? ` · version ${item.published.number} published ${formatDateTime(item.published.publishedAt)}` : ""}
              </>
            ) : null}
          </p>
        </div>
        <button type="button" className="button button--ghost button--small" onClick={onClose} data-testid="kb-editor-close">
          Close
        </button>
      </div>
      <div className="card__body">
        {mayWrite && offline ? (
          <p className="notice notice--warning" role="status" data-testid="kb-offline">
            Saving needs the server, which cannot be reached now. You can keep editing here and the fair-housing check still works; nothing is saved until the connection is back.
          </p>
        ) : null}
        {!mayWrite ? <p className="muted">You can read the knowledge base; owners and admins edit and publish it.</p> : null}
        <EditorFields draft={draft} onChange={setDraft} findings={lint.findings} readOnly={!mayWrite} />
        <h4 className="kb-editor__subtitle">Fair-housing check</h4>
        {lint.error ? <ErrorCallout error={lint.error} /> : null}
        <FindingsList
          findings={lint.findings}
          draft={draft}
          onUseWording={mayWrite ? (ff, wording) => setDraft((d) => withFieldText(d, ff, replaceSpan(fieldText(d, ff), ff.finding, wording))) : undefined}
        />
        {error ? <ErrorCallout error={error} testId="kb-editor-error" /> : null}
        {notice ? (
          <p className="notice" role="status" data-testid="kb-editor-notice">
            {notice}
          </p>
        ) : null}
        <div className="form-actions kb-editor__actions">
          {mayWrite ? (
            <button type="button" className="button button--primary" disabled={offline || busy || !dirty} title={needsServer} onClick={() => save.run(normalised(draft))} data-testid="kb-save">
              {save.busy ? "Saving…" : "Save"}
            </button>
          ) : null}
          {item && mayPublish ? (
            <button
              type="button"
              className="button button--secondary"
              disabled={offline || busy || dirty}
              title={needsServer ?? (dirty ? "Save your changes first: publishing publishes the saved draft." : undefined)}
              onClick={() => setPublishing(true)}
              data-testid="kb-publish-open"
            >
              Publish…
            </button>
          ) : null}
          {item && mayWrite && item.draft.content.kind === "web_page" ? (
            <button type="button" className="button button--secondary" disabled={offline || busy} title={needsServer} onClick={() => refetch.run(item.id)} data-testid="kb-refetch">
              {refetch.busy ? "Fetching…" : "Fetch again"}
            </button>
          ) : null}
          {item?.published && mayPublish ? (
            <button type="button" className="button button--secondary" disabled={offline || busy} title={needsServer} onClick={() => unpublish.run(item.id)} data-testid="kb-unpublish">
              Unpublish
            </button>
          ) : null}
          {item ? (
            <button type="button" className="button button--ghost" aria-expanded={showHistory} onClick={() => setShowHistory((s) => !s)} data-testid="kb-history-toggle">
              Version history
            </button>
          ) : null}
          {item && mayWrite ? (
            <button type="button" className="button button--danger" disabled={offline || busy} title={needsServer} onClick={() => setConfirmingDelete(true)} data-testid="kb-delete">
              Delete
            </button>
          ) : null}
        </div>
        {item && showHistory ? <VersionHistory item={item} mayRestore={mayWrite} offline={offline} onRestored={onSaved} /> : null}
        {item && publishing ? <PublishDialog item={item} onClose={() => setPublishing(false)} onPublished={onSaved} /> : null}
        {item && confirmingDelete ? (
          <ConfirmDialog
            title={`Delete “${displayTitle(item.draft)}”?`}
            confirmLabel="Delete"
            danger
            busy={remove.busy}
            error={remove.error}
            onConfirm={() => remove.run(item.id)}
            onCancel={() => setConfirmingDelete(false)}
            testId="kb-delete-dialog"
          >
            The item leaves the chatbot at once and is removed from every computer's copy, with its version history.
          </ConfirmDialog>
        ) : null}
      </div>
    </section>
  );
}

