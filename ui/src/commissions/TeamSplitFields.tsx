import type { RosterAgent } from "../bindings/RosterAgent";
import type { TeamForm } from "./planForm";

/**
 * The roster as options, plus the chosen agent when the roster no longer has them (removed
 * since the version was saved), so the select still shows the saved choice by a name.
 */
function AgentOptions({ roster, chosen, prompt }: { roster: RosterAgent[]; chosen: string; prompt: string }) {
  return (
    <>
      <option value="">{prompt}</option>
      {chosen !== "" && !roster.some((a) => a.id === chosen) ? <option value={chosen}>An agent not on the roster</option> : null}
      {roster.map((a) => (
        <option key={a.id} value={a.id}>
          {a.name}
        </option>
      ))}
    </>
  );
}

/**
 * A version's team split: the lead and each member's allocation. Members keep their
 * allocation % of their agent gross and the lead gets the rest as an override; core
 * checks the rules again on save.
 */
export function TeamSplitFields({ team, roster, onChange }: { team: TeamForm; roster: RosterAgent[]; onChange: (team: TeamForm) => void }) {
  const setMember = (i: number, changes: Partial<TeamForm["members"][number]>) => onChange({ ...team, members: team.members.map((m, j) => (j === i ? { ...m, ...changes } : m)) });
  return (
    <fieldset className="plain-fieldset plan-editor__team">
      <legend className="field__label">Team split</legend>
      <label className="checkbox">
        <input type="checkbox" checked={team.enabled} onChange={(e) => onChange({ ...team, enabled: e.target.checked })} data-testid="plan-team-toggle" />
        This plan pays a team
      </label>
      {team.enabled ? (
        <>
          <p className="muted">Each member keeps their allocation % of their agent gross; the lead gets the rest as an override. The lead's own deals pay no override.</p>
          <label className="field">
            <span className="field__label">Team lead</span>
            <select className="select" value={team.lead} onChange={(e) => onChange({ ...team, lead: e.target.value })} data-testid="plan-team-lead">
              <AgentOptions roster={roster} chosen={team.lead} prompt="Choose the lead" />
            </select>
          </label>
          {team.members.map((member, i) => (
            <div className="plan-editor__row" key={i}>
              <select className="select" value={member.agent} aria-label={`Team member ${i + 1}`} onChange={(e) => setMember(i, { agent: e.target.value })} data-testid={`plan-team-member-${i}`}>
                <AgentOptions roster={roster} chosen={member.agent} prompt="Choose a member" />
              </select>
              <input
                className="input plan-editor__narrow"
                value={member.allocationPercent}
                placeholder="%"
                aria-label={`Team member ${i + 1} allocation %`}
                onChange={(e) => setMember(i, { allocationPercent: e.target.value })}
                data-testid={`plan-team-allocation-${i}`}
              />
              <button type="button" className="button button--ghost button--small" onClick={() => onChange({ ...team, members: team.members.filter((_, j) => j !== i) })} disabled={team.members.length === 1}>
                Remove
              </button>
            </div>
          ))}
          <button type="button" className="button button--secondary button--small" onClick={() => onChange({ ...team, members: [...team.members, { agent: "", allocationPercent: "" }] })} data-testid="plan-team-add">
            Add member
          </button>
        </>
      ) : null}
    </fieldset>
  );
}
