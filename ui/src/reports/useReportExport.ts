import { useState } from "react";
import { toErrorBody } from "../api/commands";
import type { ProductionRequest } from "../bindings/ProductionRequest";
import type { ReportExport } from "../bindings/ReportExport";
import { exportReport } from "./api";
import type { ExportState } from "./ExportBar";

const IDLE: ExportState = { busy: false, progress: null, done: null, error: null };

/** One export at a time, with its progress from Rust and where the file went. */
export function useReportExport(request: ProductionRequest | null, folder: string) {
  const [state, setState] = useState<ExportState>(IDLE);
  const run = async (exportAs: ReportExport) => {
    if (!request || state.busy) return;
    setState({ ...IDLE, busy: true });
    try {
      const done = await exportReport(request, exportAs, folder.trim() === "" ? null : folder.trim(), (progress) => setState((s) => ({ ...s, progress })));
      setState({ ...IDLE, done });
    } catch (e) {
      setState({ ...IDLE, error: toErrorBody(e) });
    }
  };
  return { state, run };
}
