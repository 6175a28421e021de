import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { NewRosterAgent } from "../bindings/NewRosterAgent";
import type { RosterAgent } from "../bindings/RosterAgent";
import { Dialog } from "../components/Dialog";
import { DialogActions } from "../components/DialogActions";
import { ErrorCallout } from "../components/ErrorCallout";
import { Field } from "../components/Field";
import { useCommandMutation } from "../hooks/useCommandMutation";
import { queryKeys } from "../lib/queryKeys";
import { listUsers } from "../members/api";
import { ROSTER_KEY, addRosterAgent, editRosterAgent, type RosterAgentChanges } from "./api";

const BLANK: NewRosterAgent = { name: "", email: "", memberId: null, office: null, team: null, anniversary: null };

/** Adds an agent (no `agent`) or edits one; an edit sends only the fields changed. */
export function RosterAgentDialog({ agent, onClose }: { agent?: RosterAgent; onClose: () => void }) {
  const [form, setForm] = useState<NewRosterAgent>(agent ? fieldsOf(agent) : BLANK);
  const members = useQuery({ queryKey: queryKeys.users, queryFn: listUsers });
  const add = useCommandMutation(addRosterAgent, [ROSTER_KEY], onClose);
  const edit = useCommandMutation(editRosterAgent, [ROSTER_KEY], onClose);
  const save = agent ? edit : add;
  const set = (field: keyof NewRosterAgent) => (value: string) =>
    setForm((f) => ({ ...f, [field]: field === "name" || field === "email" ? value : value || null }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (agent) edit.run({ agentId: agent.id, changes: changesFrom(fieldsOf(agent), form) });
    else add.run(form);
  };
  return (
    <Dialog
      title={agent ? `Edit ${agent.name}` : "Add an agent"}
      description="Saved on this computer at once and sent to the server (later, if you are offline)."
      onClose={onClose}
      testId="roster-dialog"
      footer={
        <DialogActions
          onCancel={onClose}
          label={agent ? "Save" : "Add agent"}
          busyLabel="Saving…"
          busy={save.busy}
          form="roster-form"
          testId="roster-submit"
        />
      }
    >
      <form id="roster-form" className="dialog__body-form" onSubmit={submit}>
        <Field label="Name">
          <input className="input" required value={form.name} onChange={(e) => set("name")(e.target.value)} data-testid="roster-name" />
        </Field>
        <Field label="Email">
          <input className="input" type="email" required value={form.email} onChange={(e) => set("email")(e.target.value)} data-testid="roster-email" />
        </Field>
        <Field label="Member" hint="The member this agent signs in as, if they do.">
          <select className="select" value={form.memberId ?? ""} onChange={(e) => set("memberId")(e.target.value)} data-testid="roster-member">
            <option value="">None</option>
            {(members.data ?? []).map((m) => (
              <option key={m.id} value={m.id}>
                {m.displayName}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Office">
          <input className="input" value={form.office ?? ""} onChange={(e) => set("office")(e.target.value)} data-testid="roster-office" />
        </Field>
        <Field label="Team">
          <input className="input" value={form.team ?? ""} onChange={(e) => set("team")(e.target.value)} data-testid="roster-team" />
        </Field>
        <Field label="Anniversary" hint="The day the agent joined; an anniversary commission cap resets on it.">
          <input className="input" type="date" value={form.anniversary ?? ""} onChange={(e) => set("anniversary")(e.target.value)} data-testid="roster-anniversary" />
        </Field>
      </form>
      {save.error ? <ErrorCallout error={save.error} testId="roster-error" /> : null}
    </Dialog>
  );
}

function fieldsOf(agent: RosterAgent): NewRosterAgent {
  const { name, email, memberId, office, team, anniversary } = agent;
  return { name, email, memberId, office, team, anniversary };
}

function changesFrom(before: NewRosterAgent, after: NewRosterAgent): RosterAgentChanges {
  const changes: Record<string, string | null> = {};
  for (const field of Object.keys(after) as (keyof NewRosterAgent)[]) {
    if (after[field] !== before[field]) changes[field] = after[field];
  }
  return changes;
}
