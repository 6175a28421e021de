import { call, withProgress } from "../api/commands";
import type { ChartSvg } from "../bindings/ChartSvg";
import type { DrillLine } from "../bindings/DrillLine";
import type { ExportedReport } from "../bindings/ExportedReport";
import type { ProductionRequest } from "../bindings/ProductionRequest";
import type { ReportExport } from "../bindings/ReportExport";
import type { ReportView } from "../bindings/ReportView";
import type { TransferProgress } from "../bindings/TransferProgress";

// Everything here is computed in Rust from the copy kept on this computer, by the same
// core code the server runs, so it works offline and for the member's own scope.
export const REPORTS_KEY = ["reports"] as const;

export const reportView = (request: ProductionRequest) => call<ReportView>("report_view", { request });
export const reportCharts = (request: ProductionRequest) => call<ChartSvg[]>("report_charts", { request });
export const reportDrilldown = (request: ProductionRequest, key: string | null) => call<DrillLine[]>("report_drilldown", { request, key });
export const exportReport = (request: ProductionRequest, exportAs: ReportExport, folder: string | null, onProgress: (p: TransferProgress) => void) =>
  withProgress<ExportedReport>("export_report", { request, export: exportAs, folder }, onProgress);
