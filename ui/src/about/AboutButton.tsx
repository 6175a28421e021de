import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { AboutDialog } from "./AboutDialog";
import { checkForUpdate } from "./api";

/**
 * The header's way into About. The app asks for updates once at start; when one is
 * offered the button says so. An unreachable update server is not worth a warning here:
 * the About dialog shows it when the user checks by hand.
 */
export function AboutButton() {
  const [open, setOpen] = useState(false);
  const update = useQuery({ queryKey: ["update-check"], queryFn: checkForUpdate, retry: false, staleTime: Infinity });
  const offered = update.data?.offered ?? null;
  return (
    <>
      <button
        type="button"
        className={offered ? "button" : "button button--secondary"}
        onClick={() => setOpen(true)}
        data-testid="open-about"
      >
        {offered ? `Update ${offered.version} available` : "About"}
      </button>
      {open ? <AboutDialog update={update.data ?? null} onClose={() => setOpen(false)} /> : null}
    </>
  );
}
