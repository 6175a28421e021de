import { useQuery } from "@tanstack/react-query";
import { useState, useSyncExternalStore } from "react";
import type { KbDraft } from "../bindings/KbDraft";
import type { KbItem } from "../bindings/KbItem";
import { PageHeader } from "../components/PageHeader";
import { QueryBoundary } from "../components/QueryBoundary";
import { NEEDS_CONNECTION, useOffline } from "../edits/useOffline";
import { can } from "../lib/permissions";
import { useActor } from "../session/SessionContext";
import { KB_CONSOLE_HREF, KB_HREF, KB_UNANSWERED_HREF, kbItems, kbKeys } from "./api";
import { blankDraft } from "./draft";
import { ItemEditor, type KbAccess } from "./ItemEditor";
import { ItemList } from "./ItemList";
import { ImportUrlDialog, UploadDialog } from "./SourceDialogs";
import { TestConsole } from "./TestConsole";
import { UnansweredList } from "./UnansweredList";
import "./kb.css";

type View = "items" | "console" | "unanswered";

const VIEWS: readonly [View, string, string][] = [
  ["items", "Items", KB_HREF],
  ["console", "Test console", KB_CONSOLE_HREF],
  ["unanswered", "Unanswered questions", KB_UNANSWERED_HREF],
];

function subscribe(onChange: () => void): () => void {
  window.addEventListener("hashchange", onChange);
  return () => window.removeEventListener("hashchange", onChange);
}

/** The tab the hash names, so a link (the Overview's) can open one and Back returns. */
function useView(): View {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return VIEWS.find(([, , href]) => href === hash)?.[0] ?? "items";
}

/** What the editor is open on: a stored item, or a new draft not saved yet. */
type Editing = { itemId: string; notice?: string } | { draft: KbDraft; opened: number } | null;

/** The chatbot's knowledge base: items and their drafts, publishing, the test console and the to-do list. */
export function KnowledgeBasePage() {
  const actor = useActor();
  const offline = useOffline();
  const access: KbAccess = { mayWrite: can(actor, "write_knowledge_base"), mayPublish: can(actor, "publish_knowledge_base"), offline };
  const view = useView();
  const items = useQuery({ queryKey: kbKeys.items, queryFn: kbItems });
  const [editing, setEditing] = useState<Editing>(null);
  const [dialog, setDialog] = useState<"upload" | "import" | null>(null);
  const views = VIEWS.filter(([id]) => id !== "unanswered" || access.mayWrite);

  const open = (item: KbItem, notice?: string) => {
    setEditing({ itemId: item.id, notice });
    if (view !== "items") window.location.hash = KB_HREF;
  };
  const startNew = (kind: "document" | "qa") => {
    setEditing({ draft: blankDraft(kind), opened: Date.now() });
    if (view !== "items") window.location.hash = KB_HREF;
  };

  return (
    <div className="page page--wide kb-page" data-page="knowledge-base">
      <PageHeader
        title="Knowledge base"
        description="What the website chatbot answers from. Edits are drafts; the chatbot sees only what is published. The fair-housing check runs as you type."
        actions={
          access.mayWrite ? (
            <>
              <button type="button" className="button button--primary" onClick={() => startNew("document")} data-testid="kb-new-document">
                New document
              </button>
              <button type="button" className="button button--secondary" onClick={() => startNew("qa")} data-testid="kb-new-qa">
                New Q&A
              </button>
              <button type="button" className="button button--secondary" disabled={offline} title={offline ? NEEDS_CONNECTION : undefined} onClick={() => setDialog("upload")} data-testid="kb-upload-open">
                Upload…
              </button>
              <button type="button" className="button button--secondary" disabled={offline} title={offline ? NEEDS_CONNECTION : undefined} onClick={() => setDialog("import")} data-testid="kb-import-open">
                Import from URL…
              </button>
            </>
          ) : null
        }
      />
      <div className="tabs" role="tablist" aria-label="Knowledge base">
        {views.map(([id, label, href]) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={view === id}
            className={view === id ? "tab tab--on" : "tab"}
            onClick={() => {
              window.location.hash = href;
            }}
            data-testid={`kb-tab-${id}`}
          >
            {label}
          </button>
        ))}
      </div>
      {view === "console" ? <TestConsole /> : null}
      {view === "unanswered" && access.mayWrite ? <UnansweredList offline={offline} onAnswer={(item) => open(item)} /> : null}
      {view === "items" || (view === "unanswered" && !access.mayWrite) ? (
        <QueryBoundary query={items} testId="kb-items">
          {(list) => {
            const item = editing && "itemId" in editing ? (list.find((i) => i.id === editing.itemId) ?? null) : null;
            return (
              <div className={editing ? "kb-workspace kb-workspace--editing" : "kb-workspace"}>
                <ItemList items={list} selectedId={item?.id ?? null} onSelect={(selected) => open(selected)} />
                {item ? (
                  <ItemEditor
                    key={`${item.id}:${item.updatedAt}`}
                    item={item}
                    initial={item.draft}
                    access={access}
                    notice={editing && "itemId" in editing ? editing.notice : undefined}
                    onSaved={open}
                    onClose={() => setEditing(null)}
                  />
                ) : editing && "draft" in editing ? (
                  <ItemEditor key={`new:${editing.opened}`} item={null} initial={editing.draft} access={access} onSaved={open} onClose={() => setEditing(null)} />
                ) : null}
              </div>
            );
          }}
        </QueryBoundary>
      ) : null}
      {dialog === "upload" ? <UploadDialog onClose={() => setDialog(null)} onUploaded={open} /> : null}
      {dialog === "import" ? <ImportUrlDialog onClose={() => setDialog(null)} onOpen={open} /> : null}
    </div>
  );
}
