import { useQuery } from "@tanstack/react-query";
import type { UpdateCheck } from "../bindings/UpdateCheck";
import { Dialog } from "../components/Dialog";
import { aboutInfo } from "./api";
import { UpdateSection } from "./UpdateSection";
import "./about.css";

/** What this app is, what it talks to and where it keeps its data; and its updates. */
export function AboutDialog({ update, onClose }: { update: UpdateCheck | null; onClose: () => void }) {
  const about = useQuery({ queryKey: ["about"], queryFn: aboutInfo });
  const info = about.data;
  return (
    <Dialog
      title="About Brokerdesk"
      onClose={onClose}
      testId="about-dialog"
      footer={
        <button type="button" className="button button--secondary" onClick={onClose}>
          Close
        </button>
      }
    >
      {info ? (
        <dl className="about__facts" data-testid="about-facts">
          <dt>App version</dt>
          <dd data-testid="about-app-version">{info.appVersion}</dd>
          <dt>Server</dt>
          <dd className="mono">{info.server.serverUrl}</dd>
          <dt>Server version</dt>
          <dd data-testid="about-server-version">
            {info.server.serverVersion ?? (info.server.reachable ? "unknown" : "not reachable")}
          </dd>
          <dt>Sync protocol</dt>
          <dd>version {info.syncProtocolVersion}</dd>
          <dt>Data folder</dt>
          <dd className="mono" data-testid="about-data-folder">{info.dataFolder}</dd>
          <dt>Keychain</dt>
          <dd>
            {info.keychain.backend} ({info.keychain.available ? "available" : "unavailable"})
          </dd>
          <dt>Updates from</dt>
          <dd className="mono">{info.updateEndpoint}</dd>
        </dl>
      ) : (
        <p role="status">{about.isError ? "The app's details could not be read." : "Reading…"}</p>
      )}
      <UpdateSection initial={update} />
    </Dialog>
  );
}
