import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { saveSettings, tenantSettings } from "./api";
import type { DateFormat } from "../bindings/DateFormat";
import type { Edited } from "../bindings/Edited";
import type { TenantSettings } from "../bindings/TenantSettings";
import { ErrorCallout } from "../components/ErrorCallout";
import { QueryBoundary } from "../components/QueryBoundary";
import { useCommandMutation } from "../hooks/useCommandMutation";
import { queryKeys } from "../lib/queryKeys";
import { Field } from "../components/Field";
import { EditStateBadge } from "../leads/EditStateBadge";

/** How each settings field (as edits name them) reads in "waiting to sync". */
const FIELD_LABELS: Record<string, string> = {
  timezone: "time zone",
  locale: "locale",
  dateFormat: "date format",
  callingWindow: "calling window",
  tcpa: "consent rules",
  branding: "branding",
  licenseState: "license state",
};

const DATE_FORMATS: [DateFormat, string][] = [
  ["month_day_year", "12/31/2026"],
  ["day_month_year", "31/12/2026"],
  ["year_month_day", "2026-12-31"],
];

export function TenantSettingsCard({ editable }: { editable: boolean }) {
  const settings = useQuery({ queryKey: queryKeys.settings, queryFn: tenantSettings });
  // Kept here: the form below is remounted when the saved settings come back.
  const [saved, setSaved] = useState(false);
  return (
    <section className="card">
      <div className="card__header">
        <h3 className="card__title">Brokerage settings</h3>
        <p className="card__description">Time zone and formats, the hours calls may be placed, and branding.</p>
      </div>
      <div className="card__body">
        <QueryBoundary query={settings} testId="settings">
          {/* Keyed by the loaded value so a refresh after sync resets the form. */}
          {(loaded) => (
            <SettingsForm key={JSON.stringify(loaded)} loaded={loaded} editable={editable} saved={saved} setSaved={setSaved} />
          )}
        </QueryBoundary>
      </div>
    </section>
  );
}

interface SettingsFormProps {
  loaded: Edited<TenantSettings>;
  editable: boolean;
  saved: boolean;
  setSaved: (saved: boolean) => void;
}

function SettingsForm({ loaded: edited, editable, saved, setSaved }: SettingsFormProps) {
  const loaded = edited.record;
  const [draft, setDraft] = useState(loaded);
  const save = useCommandMutation(saveSettings, [queryKeys.settings], () => setSaved(true));
  const dirty = JSON.stringify(draft) !== JSON.stringify(loaded);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    // Only the fields changed since the form opened are sent, so they merge with
    // whatever another device changed meanwhile.
    save.run({ base: loaded, settings: draft });
  };
  const edit = (next: TenantSettings) => {
    setSaved(false);
    setDraft(next);
  };

  return (
    <form onSubmit={submit} className="settings-form" aria-label="Brokerage settings">
      <fieldset disabled={!editable} className="plain-fieldset">
        <div className="form-grid">
          <Field label="Time zone" hint="An IANA name, e.g. America/Chicago">
            <input className="input" value={draft.timezone} onChange={(e) => edit({ ...draft, timezone: e.target.value })} data-testid="settings-timezone" />
          </Field>
          <Field label="Locale" hint="e.g. en-US">
            <input className="input" value={draft.locale} onChange={(e) => edit({ ...draft, locale: e.target.value })} data-testid="settings-locale" />
          </Field>
          <Field label="Date format">
            <select className="select" value={draft.dateFormat} onChange={(e) => edit({ ...draft, dateFormat: e.target.value as DateFormat })}>
              {DATE_FORMATS.map(([value, sample]) => (
                <option key={value} value={value}>
                  {sample}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Calls from">
            <input
              className="input"
              type="time"
              value={draft.callingWindow.starts}
              onChange={(e) => edit({ ...draft, callingWindow: { ...draft.callingWindow, starts: e.target.value } })}
              data-testid="settings-calls-from"
            />
          </Field>
          <Field label="Calls until" hint="In each lead's own time zone.">
            <input
              className="input"
              type="time"
              value={draft.callingWindow.ends}
              onChange={(e) => edit({ ...draft, callingWindow: { ...draft.callingWindow, ends: e.target.value } })}
              data-testid="settings-calls-until"
            />
          </Field>
          <Field label="License state" hint="Two letters, e.g. CA: the knowledge base's fair-housing check adds that state's rules.">
            <input
              className="input"
              value={draft.licenseState ?? ""}
              maxLength={2}
              placeholder="Federal rules only"
              onChange={(e) => edit({ ...draft, licenseState: e.target.value.trim().toUpperCase() || null })}
              data-testid="settings-license-state"
            />
          </Field>
          <Field label="Primary colour">
            <input
              className="input"
              type="color"
              value={draft.branding.primaryColour}
              onChange={(e) => edit({ ...draft, branding: { ...draft.branding, primaryColour: e.target.value.toUpperCase() } })}
            />
          </Field>
          <Field label="Accent colour">
            <input
              className="input"
              type="color"
              value={draft.branding.accentColour}
              onChange={(e) => edit({ ...draft, branding: { ...draft.branding, accentColour: e.target.value.toUpperCase() } })}
            />
          </Field>
          <Field label="Logo URL">
            <input
              className="input"
              value={draft.branding.logoUrl ?? ""}
              placeholder="https://…"
              onChange={(e) => edit({ ...draft, branding: { ...draft.branding, logoUrl: e.target.value.trim() || null } })}
            />
          </Field>
        </div>
        <div className="settings-form__checks">
          <label className="checkbox">
            <input
              type="checkbox"
              checked={draft.tcpa.requireWrittenConsentForAiCalls}
              onChange={(e) => edit({ ...draft, tcpa: { ...draft.tcpa, requireWrittenConsentForAiCalls: e.target.checked } })}
            />
            AI calls need prior express written consent
          </label>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={draft.tcpa.honourInternalDnc}
              onChange={(e) => edit({ ...draft, tcpa: { ...draft.tcpa, honourInternalDnc: e.target.checked } })}
            />
            Never call numbers on the internal do-not-call list
          </label>
        </div>
      </fieldset>
      {edited.pendingFields.length > 0 ? (
        <p className="pending-note" data-testid="settings-pending">
          <EditStateBadge state={edited.edit} /> Waiting to sync:{" "}
          {edited.pendingFields.map((f) => FIELD_LABELS[f] ?? f).join(", ")}. Saved on this computer; sent when the
          server can be reached.
        </p>
      ) : null}
      {save.error ? <ErrorCallout error={save.error} testId="settings-error" /> : null}
      {editable ? (
        <div className="form-actions">
          {saved && !dirty ? (
            <span className="muted" role="status" data-testid="settings-saved">
              {edited.pendingFields.length > 0 ? "Saved here" : "Saved"}
            </span>
          ) : null}
          <button type="button" className="button button--secondary" disabled={!dirty} onClick={() => edit(loaded)}>
            Discard
          </button>
          <button type="submit" className="button button--primary" disabled={!dirty || save.busy} data-testid="settings-save">
            {save.busy ? "Saving…" : "Save settings"}
          </button>
        </div>
      ) : (
        <p className="muted">Only owners and admins change these.</p>
      )}
    </form>
  );
}
