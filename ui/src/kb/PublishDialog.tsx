import { useState } from "react";
import type { KbItem } from "../bindings/KbItem";
import type { KbPublishOutcome } from "../bindings/KbPublishOutcome";
import { Dialog } from "../components/Dialog";
import { DialogActions } from "../components/DialogActions";
import { ErrorCallout } from "../components/ErrorCallout";
import { Field } from "../components/Field";
import { useCommandMutation } from "../hooks/useCommandMutation";
import { KB_KEY, kbPublish } from "./api";
import { displayTitle } from "./draft";
import { FindingsList } from "./FindingsList";
import { useLintNow } from "./useLint";

interface PublishDialogProps {
  item: KbItem;
  onClose: () => void;
  onPublished: (item: KbItem) => void;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/**
 * Publishing the saved draft: block findings keep it from the chatbot, warn findings
 * need the publisher to say they read them (the server records that in the audit trail).
 */
export function PublishDialog({ item, onClose, onPublished }: PublishDialogProps) {
  const [note, setNote] = useState("");
  const [acknowledged, setAcknowledged] = useState(false);
  const [refused, setRefused] = useState<Extract<KbPublishOutcome, { outcome: "refused" }> | null>(null);
  const lint = useLintNow(item.draft);
  const publish = useCommandMutation(kbPublish, [KB_KEY], (outcome) => {
    if (outcome.outcome === "published") {
      onPublished(outcome.item);
      onClose();
    } else {
      setRefused(outcome);
    }
  });
  const findings = lint.findings ?? [];
  const blocks = findings.filter((f) => f.finding.severity === "block").length;
  const warns = findings.filter((f) => f.finding.severity === "warn").length;
  const blockedReason =
    lint.findings === undefined
      ? "Checking the text…"
      : blocks > 0
        ? `This draft has ${plural(blocks, "finding")} that block publishing: an explicit preference or limitation about people. Change the wording, save, then publish.`
        : warns > 0 && !acknowledged
          ? "Read the warnings and confirm you have before publishing."
          : null;

  return (
    <Dialog
      title={`Publish “${displayTitle(item.draft)}”`}
      description="The chatbot answers from the published version from now on. The version records you, the time and your note."
      onClose={onClose}
      testId="kb-publish-dialog"
      footer={
        <DialogActions
          onCancel={onClose}
          label="Publish"
          busyLabel="Publishing…"
          busy={publish.busy}
          disabled={blockedReason !== null}
          onConfirm={() => publish.run({ itemId: item.id, note: note.trim(), acknowledgeWarnings: acknowledged })}
          testId="kb-publish-confirm"
        />
      }
    >
      <Field label="Note">
        <input className="input" value={note} placeholder="What changed, for the version history" onChange={(e) => setNote(e.target.value)} data-testid="kb-publish-note" />
      </Field>
      {lint.error ? <ErrorCallout error={lint.error} /> : null}
      {lint.findings !== undefined ? <FindingsList findings={lint.findings} testId="kb-publish-findings" /> : null}
      {blocks === 0 && warns > 0 ? (
        <label className="checkbox kb-acknowledge">
          <input type="checkbox" checked={acknowledged} onChange={(e) => setAcknowledged(e.target.checked)} data-testid="kb-publish-acknowledge" />
          I have read these warnings and publish anyway; the acknowledgement and the warnings go to the audit trail.
        </label>
      ) : null}
      {blockedReason !== null && lint.findings !== undefined ? (
        <p className={blocks > 0 ? "notice notice--warning" : "muted"} data-testid="kb-publish-blocked">
          {blockedReason}
        </p>
      ) : null}
      {refused ? (
        <div data-testid="kb-publish-refused">
          <ErrorCallout error={{ code: refused.code, message: refused.message }} />
          <FindingsList findings={refused.findings} testId="kb-refused-findings" />
        </div>
      ) : null}
      {publish.error ? <ErrorCallout error={publish.error} testId="kb-publish-error" /> : null}
    </Dialog>
  );
}
