import type { FigureRow } from "../bindings/FigureRow";
import { change, compactMoney, count, money } from "./money";

interface Figure {
  id: string;
  label: string;
  value: string;
  exact: string;
  /** The raw figure and last year's, for the change between them. */
  now: string;
  previous: string | null;
  detail: string;
}

function figuresOf(total: FigureRow): Figure[] {
  const f = total.figures;
  const p = total.previous;
  const sides = Number(f.listSides) + Number(f.buySides);
  return [
    { id: "gci", label: "GCI", value: compactMoney(f.gci), exact: money(f.gci), now: f.gci, previous: p ? p.gci : null, detail: `Adjusted ${money(f.adjustedGci)}` },
    {
      id: "company",
      label: "Company dollar",
      value: compactMoney(f.companyDollar),
      exact: money(f.companyDollar),
      now: f.companyDollar,
      previous: p ? p.companyDollar : null,
      detail: `Agent net ${money(f.agentNet)}`,
    },
    { id: "volume", label: "Volume", value: compactMoney(f.volume), exact: money(f.volume), now: f.volume, previous: p ? p.volume : null, detail: `Average price ${money(f.averagePrice)}` },
    {
      id: "deals",
      label: "Deals",
      value: count(f.dealCount),
      exact: `${count(f.dealCount)} deals`,
      now: String(f.dealCount),
      previous: p ? String(p.dealCount) : null,
      detail: `${count(sides)} sides, ${count(f.doubleEnds)} double ends`,
    },
    {
      id: "pending",
      label: "Pending pipeline",
      value: compactMoney(f.pendingExpectedGci),
      exact: money(f.pendingExpectedGci),
      now: f.pendingExpectedGci,
      previous: null,
      detail: `${count(f.pendingDealCount)} pending deals`,
    },
  ];
}

/** The period's totals; each opens the lines behind it. */
export function KeyFigures({ total, onOpen }: { total: FigureRow; onOpen: () => void }) {
  return (
    <div className="key-figures" data-testid="report-key-figures">
      {figuresOf(total).map((figure) => {
        const delta = figure.previous === null ? null : change(figure.now, figure.previous);
        return (
          <button type="button" key={figure.id} className="key-figure" onClick={onOpen} title={figure.exact} data-testid={`report-figure-${figure.id}`}>
            <span className="key-figure__label">{figure.label}</span>
            <span className="key-figure__value">{figure.value}</span>
            <span className="key-figure__detail">{figure.detail}</span>
            {figure.previous !== null ? (
              <span className={`key-figure__change ${delta?.startsWith("+") ? "key-figure__change--up" : "key-figure__change--down"}`}>
                {delta ?? "—"} vs {figure.id === "deals" ? count(figure.previous) : money(figure.previous)} last year
              </span>
            ) : null}
          </button>
        );
      })}
    </div>
  );
}

