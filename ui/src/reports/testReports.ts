import type { FigureRow } from "../bindings/FigureRow";
import type { ProductionFigures } from "../bindings/ProductionFigures";
import type { ReportView } from "../bindings/ReportView";

export function figures(overrides: Partial<ProductionFigures> = {}): ProductionFigures {
  return {
    gci: "30000.00",
    adjustedGci: "29000.00",
    agentGross: "21000.00",
    agentNet: "20500.00",
    companyDollar: "8500.00",
    volume: "1000000.00",
    listSides: "1",
    buySides: "1.5",
    doubleEnds: 0,
    dealCount: 3,
    averagePrice: "400000.00",
    averageCommissionPerSide: "12000.00",
    medianDaysToClose: "31",
    pendingDealCount: 1,
    pendingExpectedGci: "9000.00",
    pendingExpectedCompanyDollar: "2700.00",
    ...overrides,
  };
}

export function row(label: string, key: string | null, previous: ProductionFigures | null): FigureRow {
  return { key, label, figures: figures(), previous };
}

export function reportView(overrides: Partial<ReportView> = {}): ReportView {
  return {
    asOf: "2026-12-02T14:00:00Z",
    seesEveryone: true,
    agentName: null,
    rows: [row("Alice Agent", '{"kind":"agent","value":"a1"}', figures({ gci: "20000.00" }))],
    total: row("Total", null, figures({ gci: "20000.00" })),
    cap: [
      { agentName: "Alice Agent", cap: "20000.00", counted: "15000.00", leftToCap: "5000.00", capYearEnd: "2027-01-01", cappedOn: null, projectedCapDate: "2026-12-20" },
    ],
    unpaid: [],
    ...overrides,
  };
}
