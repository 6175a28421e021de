import { call } from "../api/commands";
import type { Overview } from "../bindings/Overview";

export const OVERVIEW_KEY = ["overview"] as const;

// Read from the copy kept on this computer, so the home screen works offline.
export const homeOverview = () => call<Overview>("home_overview");
