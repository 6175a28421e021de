import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { DrillLine } from "../bindings/DrillLine";
import type { ProductionRequest } from "../bindings/ProductionRequest";
import { Dialog } from "../components/Dialog";
import { QueryBoundary } from "../components/QueryBoundary";
import { REPORTS_KEY, reportDrilldown } from "./api";
import { money } from "./money";
import { describeDay } from "./period";

/** The roster agent a row is for, from the key `report_view` gave it. */
export function agentOfKey(rowKey: string | null): string | null {
  if (rowKey === null) return null;
  try {
    const key = JSON.parse(rowKey) as { kind?: string; value?: unknown };
    return key.kind === "agent" && typeof key.value === "string" ? key.value : null;
  } catch {
    return null;
  }
}

/**
 * The deals and payout lines behind a figure, each line with the trace of its amounts;
 * for an agent's row, their statement for the period as a PDF.
 */
export function DrillDownDialog({
  request,
  rowKey,
  label,
  onClose,
  onStatement,
}: {
  request: ProductionRequest;
  rowKey: string | null;
  label: string;
  onClose: () => void;
  onStatement: (agent: string) => void;
}) {
  const agent = agentOfKey(rowKey);
  const lines = useQuery({ queryKey: [...REPORTS_KEY, "drill", request, rowKey], queryFn: () => reportDrilldown(request, rowKey) });
  return (
    <Dialog
      title={`Behind ${label}`}
      description="Every deal and payout line this figure adds up, with how each amount was computed."
      onClose={onClose}
      footer={
        <>
          {agent ? (
            <button type="button" className="button button--secondary" onClick={() => onStatement(agent)} data-testid="drill-statement">
              Export statement PDF
            </button>
          ) : null}
          <button type="button" className="button button--secondary" onClick={onClose} data-testid="drill-close">
            Close
          </button>
        </>
      }
      testId="drill-dialog"
    >
      <QueryBoundary query={lines} testId="drill">
        {(rows) => (rows.length === 0 ? <p className="muted">No payout lines.</p> : <DrillTable rows={rows} />)}
      </QueryBoundary>
    </Dialog>
  );
}

function DrillTable({ rows }: { rows: DrillLine[] }) {
  const [open, setOpen] = useState<number | null>(null);
  return (
    <table className="drill-table" data-testid="drill-lines">
      <thead>
        <tr>
          <th scope="col">Deal</th>
          <th scope="col">Agent</th>
          <th scope="col">Closing</th>
          <th scope="col">GCI</th>
          <th scope="col">Agent net</th>
          <th scope="col">Company dollar</th>
        </tr>
      </thead>
      {rows.map((line, i) => (
        <tbody key={`${line.dealId}-${line.agentName}-${line.role}`}>
          <tr className="drill-table__line">
            <td>
              <button type="button" className="link-button" onClick={() => setOpen(open === i ? null : i)} aria-expanded={open === i} data-testid="drill-line">
                {line.dealName}
              </button>
              {line.pending ? <span className="badge badge--neutral">Pending</span> : null}
            </td>
            <td>
              {line.agentName}
              {line.role !== "Agent" ? <span className="muted"> · {line.role}</span> : null}
            </td>
            <td>{describeDay(line.closingDate)}</td>
            <td>{money(line.gci)}</td>
            <td>{money(line.agentNet)}</td>
            <td>{money(line.companyDollar)}</td>
          </tr>
          {open === i ? (
            <tr>
              <td colSpan={6}>
                <ol className="trace" data-testid="drill-trace">
                  {line.trace.map((step, n) => (
                    <li key={n}>
                      <strong>{step.rule}</strong>: {step.inputs} = <strong>{step.result}</strong>
                      {step.note ? <span className="muted"> ({step.note})</span> : null}
                    </li>
                  ))}
                </ol>
              </td>
            </tr>
          ) : null}
        </tbody>
      ))}
    </table>
  );
}
