import { call, withProgress } from "../api/commands";
import type { ExportJob } from "../bindings/ExportJob";
import type { TransferProgress } from "../bindings/TransferProgress";

// The export runs on the server: all of these need a connection.
export const startExport = () => call<ExportJob>("start_export");
export const exportJobs = () => call<ExportJob[]>("export_jobs");

/**
 * Saves a completed export where the owner chooses in the system's save dialog (the
 * shell opens it); resolves with the file's path, or null when the dialog was cancelled.
 */
export const saveExport = (exportId: string, onProgress: (p: TransferProgress) => void) =>
  withProgress<string | null>("save_export", { exportId, path: null }, onProgress);
