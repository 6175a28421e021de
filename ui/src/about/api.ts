import type { AboutInfo } from "../bindings/AboutInfo";
import type { UpdateCheck } from "../bindings/UpdateCheck";
import type { UpdateReady } from "../bindings/UpdateReady";
import { call } from "../api/commands";

export const aboutInfo = () => call<AboutInfo>("about_info");
export const checkForUpdate = () => call<UpdateCheck>("check_for_update");
/** Downloads the offered update and verifies its signature; nothing is installed yet. */
export const downloadUpdate = () => call<UpdateReady>("download_update");
/** Installs the verified download and restarts the app. */
export const installUpdate = () => call<null>("install_update");
