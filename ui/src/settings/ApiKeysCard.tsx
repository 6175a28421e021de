import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiKeys, createApiKey, revokeApiKey } from "./api";
import type { ApiKeySummary } from "../bindings/ApiKeySummary";
import type { CreatedApiKey } from "../bindings/CreatedApiKey";
import type { Edited } from "../bindings/Edited";
import type { Scope } from "../bindings/Scope";
import { Badge } from "../components/Badge";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { CopyField } from "../components/CopyField";
import { Dialog } from "../components/Dialog";
import { DialogActions } from "../components/DialogActions";
import { ErrorCallout } from "../components/ErrorCallout";
import { QueryBoundary } from "../components/QueryBoundary";
import { useCommandMutation } from "../hooks/useCommandMutation";
import { formatDateTime } from "../lib/formatDate";
import { queryKeys } from "../lib/queryKeys";
import { Field } from "../components/Field";
import { NEEDS_CONNECTION } from "../edits/useOffline";

const SCOPES: [Scope, string][] = [
  ["leads:ingest", "Post leads"],
  ["conversations:ingest", "Post chatbot conversations"],
  ["calls:ingest", "Post call records"],
  ["kb:read", "Read the published knowledge base"],
];

export function ApiKeysCard({ offline }: { offline: boolean }) {
  const keys = useQuery({ queryKey: queryKeys.apiKeys, queryFn: apiKeys });
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKeySummary | null>(null);
  const revoke = useCommandMutation(revokeApiKey, [queryKeys.apiKeys], () => setRevoking(null));
  return (
    <section className="card">
      <div className="card__header card__header--actions">
        <div>
          <h3 className="card__title">API keys</h3>
          <p className="card__description">What the website chatbot and the AI calling service use to reach Brokerdesk.</p>
        </div>
        <button
          type="button"
          className="button button--secondary"
          onClick={() => setCreating(true)}
          disabled={offline}
          title={offline ? `${NEEDS_CONNECTION}: it makes the key and shows it once.` : undefined}
          data-testid="api-key-create-open"
        >
          Create key
        </button>
      </div>
      <QueryBoundary query={keys} testId="api-keys">
        {(list) =>
          list.length === 0 ? (
            <p className="card__body muted">No API keys yet.</p>
          ) : (
            <ul className="key-list">
              {list.map((row) => (
                <KeyRow key={row.record.id} row={row} onRevoke={setRevoking} />
              ))}
            </ul>
          )
        }
      </QueryBoundary>
      {creating ? <CreateKeyDialog onClose={() => setCreating(false)} /> : null}
      {revoking ? (
        <ConfirmDialog
          title={`Revoke “${revoking.name}”?`}
          confirmLabel="Revoke key"
          danger
          busy={revoke.busy}
          error={revoke.error}
          onConfirm={() => revoke.run(revoking.id)}
          onCancel={() => setRevoking(null)}
        >
          Anything using this key stops working as soon as the server has the change (at once when online).
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

function KeyRow({ row, onRevoke }: { row: Edited<ApiKeySummary>; onRevoke: (key: ApiKeySummary) => void }) {
  const k = row.record;
  const state = row.revoking ? (
    <Badge tone="warning" testId={`api-key-revoking-${k.name}`}>
      Revoke pending sync
    </Badge>
  ) : k.revokedAt ? (
    <Badge tone="neutral">Revoked</Badge>
  ) : k.rotationDue ? (
    <Badge tone="warning">Rotate</Badge>
  ) : null;
  return (
    <li className="key-row" data-testid={`api-key-${k.name}`}>
      <div className="key-row__main">
        <span className="key-row__name">
          {k.name} {state}
        </span>
        <span className="muted">
          <span className="mono">{k.prefix}…</span> · {k.scopes.join(", ")} · created {formatDateTime(k.createdAt)} · last used{" "}
          {formatDateTime(k.lastUsedAt, "never")}
        </span>
      </div>
      {k.revokedAt || row.revoking ? null : (
        <button type="button" className="button button--ghost button--small" onClick={() => onRevoke(k)}>
          Revoke
        </button>
      )}
    </li>
  );
}

function CreateKeyDialog({ onClose }: { onClose: () => void }) {
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<Scope[]>(["leads:ingest"]);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const create = useCommandMutation(createApiKey, [queryKeys.apiKeys], setCreated);

  if (created) {
    return (
      <Dialog
        title="Copy your new key now"
        description="Brokerdesk keeps only a hash of it, so it will not be shown again."
        onClose={onClose}
        testId="api-key-created"
        footer={
          <button type="button" className="button button--primary" onClick={onClose}>
            I have copied it
          </button>
        }
      >
        <CopyField label={created.apiKey.name} value={created.key} testId="api-key-secret" />
      </Dialog>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.run({ name: name.trim(), scopes, expiresAt: null });
  };
  const toggle = (scope: Scope, on: boolean) =>
    setScopes((current) => (on ? [...current, scope] : current.filter((s) => s !== scope)));
  return (
    <Dialog
      title="Create an API key"
      onClose={onClose}
      testId="api-key-dialog"
      footer={
        <DialogActions
          onCancel={onClose}
          label="Create key"
          busy={create.busy}
          disabled={scopes.length === 0}
          form="api-key-form"
        />
      }
    >
      <form id="api-key-form" className="dialog__body-form" onSubmit={submit}>
        <Field label="Name">
          <input className="input" required value={name} onChange={(e) => setName(e.target.value)} placeholder="Website chatbot" data-testid="api-key-name" />
        </Field>
        <fieldset className="plain-fieldset field">
          <legend className="field__label">May</legend>
          {SCOPES.map(([scope, label]) => (
            <label key={scope} className="checkbox">
              <input type="checkbox" checked={scopes.includes(scope)} onChange={(e) => toggle(scope, e.target.checked)} />
              {label} <span className="mono muted">{scope}</span>
            </label>
          ))}
        </fieldset>
      </form>
      {create.error ? <ErrorCallout error={create.error} /> : null}
    </Dialog>
  );
}
