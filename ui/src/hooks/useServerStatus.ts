import { useContext } from "react";
import { ServerStatusContext } from "./ServerStatusContext";
import type { ServerView } from "./serverView";

export function useServerStatus(): ServerView {
  const view = useContext(ServerStatusContext);
  if (view === null) {
    throw new Error("useServerStatus must be used inside <ServerStatusProvider>.");
  }
  return view;
}
