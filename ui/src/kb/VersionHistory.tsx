import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { KbItem } from "../bindings/KbItem";
import type { KbVersionMeta } from "../bindings/KbVersionMeta";
import type { VersionDiff } from "../bindings/VersionDiff";
import { ErrorCallout } from "../components/ErrorCallout";
import { QueryBoundary } from "../components/QueryBoundary";
import { NEEDS_CONNECTION } from "../edits/useOffline";
import { useCommandMutation } from "../hooks/useCommandMutation";
import { formatDateTime } from "../lib/formatDate";
import { queryKeys } from "../lib/queryKeys";
import { listUsers } from "../members/api";
import { KB_KEY, kbDiff, kbRestore, kbVersions, kbKeys } from "./api";

/** The draft, as the second side of a diff. */
const DRAFT = "draft";

interface VersionHistoryProps {
  item: KbItem;
  mayRestore: boolean;
  offline: boolean;
  onRestored: (item: KbItem) => void;
}

/** The item's published versions, a diff between any two (or one and the draft), and restore. */
export function VersionHistory({ item, mayRestore, offline, onRestored }: VersionHistoryProps) {
  const versions = useQuery({ queryKey: kbKeys.versions(item.id), queryFn: () => kbVersions(item.id) });
  const members = useQuery({ queryKey: queryKeys.users, queryFn: listUsers });
  const restore = useCommandMutation(kbRestore, [KB_KEY], (saved) => onRestored(saved.item));
  const who = (id: string) => members.data?.find((m) => m.id === id)?.displayName ?? "A member";

  return (
    <section className="kb-history" data-testid="kb-history" aria-label="Version history">
      <h4 className="kb-editor__subtitle">Version history</h4>
      <QueryBoundary query={versions} testId="kb-versions">
        {(list) =>
          list.length === 0 ? (
            <p className="muted">Not published yet: the first publish makes version 1.</p>
          ) : (
            <>
              <table className="kb-table" data-testid="kb-versions">
                <thead>
                  <tr>
                    <th>Version</th>
                    <th>Published by</th>
                    <th>When</th>
                    <th>Note</th>
                    {mayRestore ? <th /> : null}
                  </tr>
                </thead>
                <tbody>
                  {list.map((v) => (
                    <tr key={v.id} data-testid={`kb-version-${v.number}`}>
                      <td>{v.number}</td>
                      <td>{who(v.publishedBy)}</td>
                      <td>{formatDateTime(v.publishedAt)}</td>
                      <td>{v.note}</td>
                      {mayRestore ? (
                        <td>
                          <button
                            type="button"
                            className="button button--secondary button--small"
                            disabled={offline || restore.busy}
                            title={offline ? NEEDS_CONNECTION : "Makes this version the draft; publish it to put it back before the chatbot."}
                            onClick={() => restore.run({ itemId: item.id, versionId: v.id })}
                            data-testid={`kb-restore-${v.number}`}
                          >
                            Restore as draft
                          </button>
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
              {restore.error ? <ErrorCallout error={restore.error} /> : null}
              <DiffPicker itemId={item.id} versions={list} />
            </>
          )
        }
      </QueryBoundary>
    </section>
  );
}

function DiffPicker({ itemId, versions }: { itemId: string; versions: KbVersionMeta[] }) {
  // Newest first: by default, what the draft changes since the latest publish.
  const [from, setFrom] = useState(versions[0]?.id ?? "");
  const [to, setTo] = useState(DRAFT);
  const toId = to === DRAFT ? null : to;
  const diff = useQuery({ queryKey: kbKeys.diff(itemId, from, toId), queryFn: () => kbDiff(itemId, from, toId), enabled: from !== "" });
  const options = versions.map((v) => (
    <option key={v.id} value={v.id}>
      Version {v.number}
    </option>
  ));
  return (
    <div className="kb-diff-picker">
      <div className="toolbar">
        <label className="field">
          <span className="field__label">Compare</span>
          <select className="select" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="kb-diff-from">
            {options}
          </select>
        </label>
        <label className="field">
          <span className="field__label">with</span>
          <select className="select" value={to} onChange={(e) => setTo(e.target.value)} data-testid="kb-diff-to">
            <option value={DRAFT}>Current draft</option>
            {options}
          </select>
        </label>
      </div>
      <QueryBoundary query={diff} testId="kb-diff">
        {(d) => <DiffView diff={d} />}
      </QueryBoundary>
    </div>
  );
}

const OP_SIGNS = { equal: " ", insert: "+", delete: "−" } as const;

function DiffView({ diff }: { diff: VersionDiff }) {
  return (
    <div data-testid="kb-diff">
      <p className="muted">
        {diff.inserted} line{diff.inserted === 1 ? "" : "s"} added, {diff.deleted} removed
      </p>
      {diff.lines.length === 0 ? (
        <p className="muted">Both sides are empty.</p>
      ) : (
        <pre className="kb-diff" aria-label="Line differences">
          {diff.lines.map((line, index) => (
            <div key={index} className={`kb-diff__line kb-diff__line--${line.op}`} data-op={line.op}>
              <span className="kb-diff__number">{line.oldLine ?? ""}</span>
              <span className="kb-diff__number">{line.newLine ?? ""}</span>
              <span className="kb-diff__sign">{OP_SIGNS[line.op]}</span>
              <span className="kb-diff__text">{line.text}</span>
            </div>
          ))}
        </pre>
      )}
    </div>
  );
}
