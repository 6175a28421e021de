import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import type { FigureRow } from "../bindings/FigureRow";
import type { ProductionRequest } from "../bindings/ProductionRequest";
import { PageHeader } from "../components/PageHeader";
import { QueryBoundary } from "../components/QueryBoundary";
import { REPORTS_KEY, reportCharts, reportView } from "./api";
import { CapCards } from "./CapCards";
import { ChartGallery } from "./ChartGallery";
import { DrillDownDialog } from "./DrillDownDialog";
import { ExportBar } from "./ExportBar";
import { freshness } from "./freshness";
import { KeyFigures } from "./KeyFigures";
import { describePeriod, periodFor } from "./period";
import { ReportControls, type ReportSettings } from "./ReportControls";
import { ReportTable } from "./ReportTable";
import { useReportExport } from "./useReportExport";
import "./reports.css";

const START: ReportSettings = { choice: "ytd", custom: { from: "", to: "" }, groupBy: "agent", basis: "closed", compare: true };

/**
 * Production, charts and cap progress, computed on this computer from its copy of the
 * brokerage's deals, roster and plans: it works offline, says how fresh it is, and
 * shows an agent only their own lines.
 */
export function ReportsPage() {
  const [settings, setSettings] = useState(START);
  const [folder, setFolder] = useState("");
  const [drill, setDrill] = useState<FigureRow | null>(null);
  const request = useMemo<ProductionRequest | null>(() => {
    const period = periodFor(settings.choice, new Date(), settings.custom);
    if (!period) return null;
    return { period, groupBy: settings.groupBy, basis: settings.basis, compare: settings.compare ? { kind: "previousYear" } : null };
  }, [settings]);
  const view = useQuery({ queryKey: [...REPORTS_KEY, "view", request], queryFn: () => reportView(request!), enabled: request !== null });
  const charts = useQuery({ queryKey: [...REPORTS_KEY, "charts", request], queryFn: () => reportCharts(request!), enabled: request !== null });
  const exporter = useReportExport(request, folder);
  const fresh = view.data ? freshness(view.data.asOf, new Date()) : null;

  return (
    <div className="page page--wide reports-page">
      <PageHeader
        title="Reports"
        description={
          view.data && !view.data.seesEveryone
            ? `Your own production${view.data.agentName ? ` as ${view.data.agentName}` : ""}, computed on this computer from its copy of your deals.`
            : "Production, charts and cap progress, computed on this computer from its copy of the brokerage's deals: they work offline."
        }
        actions={
          fresh ? (
            <span className={`report-freshness${fresh.stale ? " report-freshness--stale" : ""}`} data-testid="report-as-of">
              {fresh.text}
            </span>
          ) : null
        }
      />
      <ReportControls settings={settings} onChange={setSettings} seesEveryone={view.data?.seesEveryone ?? true} />
      {request === null ? (
        <p className="muted">Enter both days of the custom period.</p>
      ) : (
        <>
          <p className="report-period" data-testid="report-period-text">
            {describePeriod(request.period)} · {settings.basis === "closed" ? "closed deals by closing date" : "written deals by contract date"}
          </p>
          <QueryBoundary query={view} testId="report">
            {(data) => (
              <>
                <KeyFigures total={data.total} onOpen={() => setDrill(data.total)} />
                {data.unpaid.length > 0 ? (
                  <p className="notice notice--warning" data-testid="report-unpaid">
                    {data.unpaid.length} deal{data.unpaid.length === 1 ? " is" : "s are"} left out of the figures
                    {data.unpaid[0] ? `, such as ${data.unpaid[0].dealName}: ${data.unpaid[0].message}` : ""}
                  </p>
                ) : null}
                <ExportBar state={exporter.state} folder={folder} onFolder={setFolder} onExport={(kind) => void exporter.run({ kind })} />
                <section className="report-section">
                  <h3 className="report-section__title">Production</h3>
                  <ReportTable rows={data.rows} total={data.total} onOpen={setDrill} />
                </section>
                <section className="report-section">
                  <h3 className="report-section__title">Cap progress</h3>
                  <CapCards cards={data.cap} />
                </section>
              </>
            )}
          </QueryBoundary>
          <section className="report-section">
            <h3 className="report-section__title">Charts</h3>
            <QueryBoundary query={charts} testId="report-charts">
              {(svgs) => <ChartGallery charts={svgs} busy={exporter.state.busy} onExport={(chart) => void exporter.run({ kind: "png", chart })} />}
            </QueryBoundary>
          </section>
        </>
      )}
      {drill && request ? (
        <DrillDownDialog
          request={request}
          rowKey={drill.key}
          label={drill.label}
          onClose={() => setDrill(null)}
          onStatement={(agent) => {
            setDrill(null);
            void exporter.run({ kind: "statement", agent });
          }}
        />
      ) : null}
    </div>
  );
}
