import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { CallKind } from "../bindings/CallKind";
import type { ConsentEntry } from "../bindings/ConsentEntry";
import type { Lead } from "../bindings/Lead";
import { ErrorCallout } from "../components/ErrorCallout";
import { toErrorBody } from "../api/commands";
import { formatDateTime } from "../lib/formatDate";
import { callCheck } from "./api";
import { ConsentDialog, type Revoking } from "./ConsentDialog";
import { DncControls } from "./DncControls";
import { CALL_REASON_LABELS, CHANNEL_LABELS } from "./labels";

/** The entries that decide now: the latest per channel and number or email. */
function latestPerContact(ledger: readonly ConsentEntry[]): Set<string> {
  const latest = new Map<string, ConsentEntry>();
  for (const entry of ledger) {
    const key = `${entry.channel} ${entry.covers}`;
    const seen = latest.get(key);
    const later = !seen || `${entry.capturedAt} ${entry.recordedAt}` > `${seen.capturedAt} ${seen.recordedAt}`;
    if (later) latest.set(key, entry);
  }
  return new Set([...latest.values()].map((e) => e.id));
}

interface ConsentPanelProps {
  lead: Lead;
  consents: readonly ConsentEntry[];
  /** May add to the ledger and put numbers on the do-not-call list. */
  canEdit: boolean;
  /** May take numbers off the do-not-call list. */
  canManageDnc: boolean;
}

/**
 * "Can we call now?" for one of the lead's numbers, with the reason, answered by core's
 * rule over the cached consent ledger, do-not-call list and calling window; the ledger
 * itself, newest first; and recording consent, revoking it and the do-not-call list,
 * all offline (the answer changes at once, from the cache).
 */
export function ConsentPanel({ lead, consents, canEdit, canManageDnc }: ConsentPanelProps) {
  const [phone, setPhone] = useState(lead.phones[0] ?? "");
  const [kind, setKind] = useState<CallKind>("ai_voice");
  const decision = useQuery({
    queryKey: ["leads", "call-check", lead.id, phone, kind, lead.version],
    queryFn: () => callCheck(lead.id, phone, kind),
    enabled: phone !== "",
    // The answer depends on the clock (the calling window), so ask again each minute.
    refetchInterval: 60_000,
  });
  const ledger = [...consents].sort((a, b) => b.capturedAt.localeCompare(a.capturedAt));
  const deciding = latestPerContact(consents);
  const [dialog, setDialog] = useState<{ revoking?: Revoking } | null>(null);

  return (
    <section className="detail-section" aria-labelledby="consent-title" data-testid="consent-panel">
      <div className="detail-section__header">
        <h3 className="detail-section__title" id="consent-title">
          Consent and calling
        </h3>
        {canEdit ? (
          <button type="button" className="button button--secondary button--small" onClick={() => setDialog({})} data-testid="consent-record">
            Record consent
          </button>
        ) : null}
      </div>
      {lead.phones.length === 0 ? (
        <p className="muted">This lead has no phone number.</p>
      ) : (
        <>
          <div className="consent-controls">
            <select className="select" aria-label="Number" value={phone} onChange={(e) => setPhone(e.target.value)}>
              {lead.phones.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
            <select className="select" aria-label="Kind of call" value={kind} onChange={(e) => setKind(e.target.value as CallKind)}>
              <option value="ai_voice">AI voice call</option>
              <option value="human">Agent dialling</option>
            </select>
          </div>
          {decision.data ? (
            <div
              className={`call-indicator call-indicator--${decision.data.allowed ? "yes" : "no"}`}
              data-testid="call-indicator"
              data-allowed={decision.data.allowed}
              data-state={decision.data.reason}
            >
              <span className="call-indicator__verdict">
                {decision.data.allowed ? "Can call now" : "Do not call now"} · {CALL_REASON_LABELS[decision.data.reason]}
              </span>
              <span className="call-indicator__reason" data-testid="call-reason">
                {decision.data.message}
              </span>
              <span className="muted">
                Lead's time: {decision.data.localTime} ({decision.data.timeZone})
              </span>
            </div>
          ) : decision.isError ? (
            <ErrorCallout error={toErrorBody(decision.error)} />
          ) : (
            <p className="muted">Checking…</p>
          )}
          {phone !== "" ? <DncControls phone={phone} canAdd={canEdit} canRemove={canManageDnc} /> : null}
        </>
      )}
      {ledger.length === 0 ? (
        <p className="muted">No consent has been recorded for this lead.</p>
      ) : (
        <ul className="consent-ledger" data-testid="consent-ledger">
          {ledger.map((c) => (
            <li key={c.id} className="consent-ledger__entry">
              <span className={`badge badge--${c.action === "granted" ? "positive" : "negative"}`}>
                {c.action === "granted" ? (c.written ? "Written consent" : "Consent") : "Revoked"}
              </span>{" "}
              {CHANNEL_LABELS[c.channel]} · {c.covers} · {formatDateTime(c.capturedAt)}
              {c.capturedWhere ? ` · ${c.capturedWhere}` : ""}
              {c.version === 0 ? <span className="badge badge--warning">Pending sync</span> : null}
              {canEdit && c.action === "granted" && deciding.has(c.id) ? (
                <button
                  type="button"
                  className="button button--ghost button--small"
                  onClick={() => setDialog({ revoking: { channel: c.channel, covers: c.covers } })}
                  data-testid="consent-revoke"
                >
                  Revoke
                </button>
              ) : null}
              {c.text ? <q className="consent-ledger__text">{c.text}</q> : null}
            </li>
          ))}
        </ul>
      )}
      {dialog ? <ConsentDialog lead={lead} revoking={dialog.revoking} onClose={() => setDialog(null)} /> : null}
    </section>
  );
}
