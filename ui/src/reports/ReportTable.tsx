import type { FigureRow } from "../bindings/FigureRow";
import { change, count, money } from "./money";

/**
 * The report's rows and total, to the cent. A row's name opens the deals and payout
 * lines behind it; with the comparison on, last year's GCI and the change sit beside.
 */
export function ReportTable({ rows, total, onOpen }: { rows: FigureRow[]; total: FigureRow; onOpen: (row: FigureRow) => void }) {
  const compared = total.previous !== null;
  const line = (row: FigureRow, isTotal: boolean) => {
    const f = row.figures;
    return (
      <tr key={row.key ?? "total"} className={isTotal ? "report-table__total" : undefined} data-testid={isTotal ? "report-total" : "report-row"}>
        <th scope="row">
          <button type="button" className="link-button" onClick={() => onOpen(row)} data-testid={isTotal ? "report-open-total" : `report-open-${row.label}`}>
            {row.label}
          </button>
        </th>
        <td>{count(f.dealCount)}</td>
        <td>{count(Number(f.listSides) + Number(f.buySides))}</td>
        <td>{money(f.volume)}</td>
        <td>{money(f.gci)}</td>
        {compared ? <td className="report-table__previous">{money(row.previous?.gci)}</td> : null}
        {compared ? <td>{row.previous ? (change(f.gci, row.previous.gci) ?? "—") : "—"}</td> : null}
        <td>{money(f.companyDollar)}</td>
        <td>{money(f.agentNet)}</td>
        <td>{f.medianDaysToClose === null ? "—" : count(f.medianDaysToClose)}</td>
        <td>{money(f.pendingExpectedGci)}</td>
      </tr>
    );
  };
  return (
    <div className="report-table-wrap">
      <table className="report-table" data-testid="report-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Deals</th>
            <th scope="col">Sides</th>
            <th scope="col">Volume</th>
            <th scope="col">GCI</th>
            {compared ? <th scope="col">GCI last year</th> : null}
            {compared ? <th scope="col">Change</th> : null}
            <th scope="col">Company dollar</th>
            <th scope="col">Agent net</th>
            <th scope="col">Median days</th>
            <th scope="col">Pending GCI</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={compared ? 11 : 9} className="muted">
                No deals in this period.
              </td>
            </tr>
          ) : (
            rows.map((row) => line(row, false))
          )}
        </tbody>
        <tfoot>{line(total, true)}</tfoot>
      </table>
    </div>
  );
}
