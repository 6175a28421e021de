import type { ChartId } from "../bindings/ChartId";
import type { ChartSvg } from "../bindings/ChartSvg";

export const CHART_TITLES: Record<ChartId, string> = {
  monthlyGci: "Monthly GCI and company dollar",
  cumulativeVolume: "Cumulative volume",
  leaderboard: "Agent leaderboard",
  pipeline: "Pipeline by status",
  capProgress: "Cap progress",
};

/**
 * The charts as Rust drew them (brokerdesk-render's SVG, with its text escaped and set
 * in the embedded font, which styles/fonts.css gives the window too), each with its
 * PNG export.
 */
export function ChartGallery({ charts, onExport, busy }: { charts: ChartSvg[]; onExport: (chart: ChartId) => void; busy: boolean }) {
  return (
    <div className="chart-gallery" data-testid="report-charts">
      {charts.map((chart) => (
        <figure key={chart.id} className={`chart-card chart-card--${chart.id}`} data-testid={`chart-${chart.id}`}>
          <div className="chart-card__svg" role="img" aria-label={CHART_TITLES[chart.id]} dangerouslySetInnerHTML={{ __html: chart.svg }} />
          <figcaption className="chart-card__actions">
            <button type="button" className="button button--ghost button--small" disabled={busy} onClick={() => onExport(chart.id)} data-testid={`chart-png-${chart.id}`}>
              Export PNG
            </button>
          </figcaption>
        </figure>
      ))}
    </div>
  );
}
