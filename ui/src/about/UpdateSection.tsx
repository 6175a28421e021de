import { useState } from "react";
import type { ErrorBody } from "../bindings/ErrorBody";
import type { UpdateCheck } from "../bindings/UpdateCheck";
import type { UpdateReady } from "../bindings/UpdateReady";
import { toErrorBody } from "../api/commands";
import { ErrorCallout } from "../components/ErrorCallout";
import { checkForUpdate, downloadUpdate, installUpdate } from "./api";

type Step =
  | { kind: "idle" }
  | { kind: "busy"; what: string }
  | { kind: "checked"; check: UpdateCheck }
  | { kind: "ready"; ready: UpdateReady };

/**
 * Check → download (the signature is verified here) → install and restart. Each step
 * is the user's choice; a refused download leaves the running version untouched.
 */
export function UpdateSection({ initial }: { initial: UpdateCheck | null }) {
  const [step, setStep] = useState<Step>(initial ? { kind: "checked", check: initial } : { kind: "idle" });
  const [error, setError] = useState<ErrorBody | null>(null);

  async function run<T>(what: string, action: () => Promise<T>, next: (value: T) => Step) {
    setError(null);
    setStep({ kind: "busy", what });
    try {
      setStep(next(await action()));
    } catch (e) {
      setError(toErrorBody(e));
      setStep({ kind: "idle" });
    }
  }

  const check = () => run("Checking for updates…", checkForUpdate, (value) => ({ kind: "checked", check: value }));
  const download = () => run("Downloading and verifying…", downloadUpdate, (ready) => ({ kind: "ready", ready }));
  const install = () => run("Installing…", installUpdate, () => ({ kind: "idle" }));

  return (
    <section className="about__updates" data-testid="about-updates">
      <h3>Updates</h3>
      <p data-testid="update-state">{describe(step)}</p>
      {error ? <ErrorCallout error={error} testId="update-error" /> : null}
      <div className="about__update-actions">
        {step.kind === "checked" && step.check.offered ? (
          <button type="button" className="button" onClick={download} data-testid="download-update">
            Download {step.check.offered.version}
          </button>
        ) : null}
        {step.kind === "ready" ? (
          <button type="button" className="button" onClick={install} data-testid="install-update">
            Install and restart
          </button>
        ) : null}
        <button
          type="button"
          className="button button--secondary"
          onClick={check}
          disabled={step.kind === "busy"}
          data-testid="check-for-update"
        >
          Check for updates
        </button>
      </div>
    </section>
  );
}

function describe(step: Step): string {
  switch (step.kind) {
    case "idle":
      return "Updates are checked when the app starts.";
    case "busy":
      return step.what;
    case "ready":
      return `Version ${step.ready.version} is downloaded and its signature verified. Install it when you are ready; the app restarts.`;
    case "checked":
      return step.check.offered
        ? `Version ${step.check.offered.version} is available (you have ${step.check.currentVersion}).${step.check.offered.notes ? ` ${step.check.offered.notes}` : ""}`
        : `You have the latest version (${step.check.currentVersion}).`;
  }
}
