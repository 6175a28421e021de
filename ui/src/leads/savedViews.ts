import { useSavedViews as useStoredViews } from "../hooks/useSavedViews";
import { withDefaults } from "./leadFilter";

const STORAGE_KEY = "brokerdesk.leadViews";

/** The lead table's saved views. */
export const useSavedViews = () => useStoredViews(STORAGE_KEY, withDefaults);
