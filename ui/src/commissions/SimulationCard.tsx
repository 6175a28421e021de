import { useState } from "react";
import { toErrorBody } from "../api/commands";
import type { CommissionPlan } from "../bindings/CommissionPlan";
import type { ErrorBody } from "../bindings/ErrorBody";
import type { PaidFigures } from "../bindings/PaidFigures";
import type { RosterAgent } from "../bindings/RosterAgent";
import type { Simulation } from "../bindings/Simulation";
import { ErrorCallout } from "../components/ErrorCallout";
import { money } from "../reports/money";
import { periodFor } from "../reports/period";
import { simulatePlan } from "./api";

function Cells({ figures }: { figures: PaidFigures }) {
  return (
    <>
      <td>{money(figures.agentNet)}</td>
      <td>{money(figures.companyDollar)}</td>
    </>
  );
}

/** "Would have paid" under a plan version beside "did pay", over last year's closed deals. */
export function SimulationCard({ plans, roster }: { plans: CommissionPlan[]; roster: RosterAgent[] }) {
  const [choice, setChoice] = useState("");
  const [result, setResult] = useState<Simulation | null>(null);
  const [error, setError] = useState<ErrorBody | null>(null);
  const [busy, setBusy] = useState(false);
  const options = plans.flatMap((p) => p.versions.map((v) => ({ value: `${p.id}|${v.effectiveFrom}`, label: `${p.name} from ${v.effectiveFrom}` })));
  const period = periodFor("lastYear", new Date())!;
  const name = (id: string) => roster.find((a) => a.id === id)?.name ?? id;
  const run = async () => {
    const [plan, versionFrom] = (choice || options[0]?.value || "").split("|");
    if (!plan || !versionFrom) return;
    setBusy(true);
    setError(null);
    try {
      setResult(await simulatePlan({ plan, versionFrom, agents: roster.map((a) => a.id), period }));
    } catch (e) {
      setError(toErrorBody(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="report-section" data-testid="simulation">
      <h3 className="report-section__title">Simulate last year ({period.from.slice(0, 4)}) under a plan version</h3>
      <div className="plan-editor__row">
        <select className="select" value={choice || options[0]?.value || ""} onChange={(e) => setChoice(e.target.value)} data-testid="simulate-version" aria-label="Plan version">
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        <button type="button" className="button button--primary" onClick={() => void run()} disabled={busy || options.length === 0} data-testid="simulate-run">
          {busy ? "Simulating…" : "Simulate"}
        </button>
      </div>
      {error ? <ErrorCallout error={error} /> : null}
      {result ? (
        <div className="report-table-wrap">
          <table className="report-table" data-testid="simulation-table">
            <thead>
              <tr>
                <th scope="col">Agent</th>
                <th scope="col">Did pay: agent net</th>
                <th scope="col">Company dollar</th>
                <th scope="col">Would have paid: agent net</th>
                <th scope="col">Company dollar</th>
                <th scope="col">Difference: agent net</th>
                <th scope="col">Company dollar</th>
              </tr>
            </thead>
            <tbody>
              {result.agents.map((a) => (
                <tr key={a.agent}>
                  <th scope="row">{name(a.agent)}</th>
                  <Cells figures={a.actual} />
                  <Cells figures={a.simulated} />
                  <Cells figures={a.difference} />
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr className="report-table__total">
                <th scope="row">Total</th>
                <Cells figures={result.total.actual} />
                <Cells figures={result.total.simulated} />
                <Cells figures={result.total.difference} />
              </tr>
            </tfoot>
          </table>
        </div>
      ) : null}
    </section>
  );
}
