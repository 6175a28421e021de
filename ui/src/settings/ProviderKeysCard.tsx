import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { providerKeys, removeProviderKey, setProviderKey } from "./api";
import type { Provider } from "../bindings/Provider";
import type { ProviderKeySummary } from "../bindings/ProviderKeySummary";
import { ErrorCallout } from "../components/ErrorCallout";
import { QueryBoundary } from "../components/QueryBoundary";
import { useCommandMutation } from "../hooks/useCommandMutation";
import { formatDateTime } from "../lib/formatDate";
import { queryKeys } from "../lib/queryKeys";
import { NEEDS_CONNECTION } from "../edits/useOffline";

const PROVIDERS: [Provider, string][] = [
  ["openai", "OpenAI"],
  ["anthropic", "Anthropic"],
  ["elevenlabs", "ElevenLabs"],
  ["twilio", "Twilio"],
  ["vapi", "Vapi"],
];

/** Write-only: a stored key is never read back, only its last four characters. */
export function ProviderKeysCard({ offline }: { offline: boolean }) {
  const keys = useQuery({ queryKey: queryKeys.providerKeys, queryFn: providerKeys });
  return (
    <section className="card">
      <div className="card__header">
        <h3 className="card__title">Provider keys</h3>
        <p className="card__description">
          Your own AI and telephony accounts. Keys are encrypted on the server and never shown again; only the
          last four characters identify them.
        </p>
      </div>
      <QueryBoundary query={keys} testId="provider-keys">
        {(stored) => (
          <ul className="key-list">
            {PROVIDERS.map(([provider, name]) => (
              <ProviderRow
                key={provider}
                provider={provider}
                name={name}
                stored={stored.find((k) => k.provider === provider)}
                offline={offline}
              />
            ))}
          </ul>
        )}
      </QueryBoundary>
    </section>
  );
}

function ProviderRow({
  provider,
  name,
  stored,
  offline,
}: {
  provider: Provider;
  name: string;
  stored: ProviderKeySummary | undefined;
  offline: boolean;
}) {
  // A key is a secret handed straight to the server to seal; it never waits on this computer.
  const hint = offline ? `${NEEDS_CONNECTION}: keys are kept only by the server.` : undefined;
  const [editing, setEditing] = useState(false);
  const [key, setKey] = useState("");
  const done = () => {
    setEditing(false);
    setKey("");
  };
  const save = useCommandMutation((value: string) => setProviderKey(provider, value), [queryKeys.providerKeys], done);
  const remove = useCommandMutation(() => removeProviderKey(provider), [queryKeys.providerKeys]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.run(key.trim());
  };
  const failure = save.error ?? remove.error;
  return (
    <li className="key-row" data-testid={`provider-${provider}`}>
      <div className="key-row__main">
        <span className="key-row__name">{name}</span>
        {stored ? (
          <span className="muted">
            <span className="mono">•••• {stored.lastFour}</span> · updated {formatDateTime(stored.updatedAt)}
          </span>
        ) : (
          <span className="muted">Not set</span>
        )}
      </div>
      {editing ? (
        <form className="key-row__form" onSubmit={submit}>
          <input
            className="input input--mono"
            type="password"
            autoComplete="off"
            value={key}
            onChange={(e) => setKey(e.target.value)}
            placeholder={`${name} key`}
            aria-label={`${name} key`}
            required
            autoFocus
            data-testid={`provider-${provider}-input`}
          />
          <button type="submit" className="button button--primary button--small" disabled={save.busy}>
            Save
          </button>
          <button type="button" className="button button--ghost button--small" onClick={done}>
            Cancel
          </button>
        </form>
      ) : (
        <div className="row-actions">
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => setEditing(true)}
            disabled={offline}
            title={hint}
            data-testid={`provider-${provider}-set`}
          >
            {stored ? "Replace" : "Set key"}
          </button>
          {stored ? (
            <button
              type="button"
              className="button button--ghost button--small"
              disabled={remove.busy || offline}
              title={hint}
              onClick={() => remove.run(undefined)}
            >
              Remove
            </button>
          ) : null}
        </div>
      )}
      {failure ? <ErrorCallout error={failure} /> : null}
    </li>
  );
}
