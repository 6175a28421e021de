import type { FieldFinding } from "../bindings/FieldFinding";
import type { KbDraft } from "../bindings/KbDraft";
import { Badge } from "../components/Badge";
import { fieldText } from "./draft";
import { CLASS_LABELS, FIELD_LABELS, SEVERITY_LABELS, SEVERITY_TONES } from "./labels";
import { severityRank, stillAt } from "./spans";

interface FindingsListProps {
  findings: readonly FieldFinding[];
  /** The draft the words are replaced in; without it (or `onUseWording`) no button is offered. */
  draft?: KbDraft;
  onUseWording?: (finding: FieldFinding, wording: string) => void;
  testId?: string;
}

/** Each finding: where, how serious, about what, why, on whose authority, and what to say instead. */
export function FindingsList({ findings, draft, onUseWording, testId = "kb-findings" }: FindingsListProps) {
  if (findings.length === 0) {
    return (
      <p className="muted" data-testid={`${testId}-none`}>
        No fair-housing findings.
      </p>
    );
  }
  const ordered = [...findings].sort((a, b) => severityRank(b.finding.severity) - severityRank(a.finding.severity));
  return (
    <ul className="kb-findings" data-testid={testId} aria-label="Fair-housing findings">
      {ordered.map((ff, index) => {
        const f = ff.finding;
        const where = ff.field === "alternative" ? `${FIELD_LABELS.alternative} ${(ff.alternative ?? 0) + 1}` : FIELD_LABELS[ff.field];
        // A rewording replaces the words only while they are still where the lint saw them.
        const replaceable = draft !== undefined && stillAt(fieldText(draft, ff), f);
        return (
          <li key={index} className={`kb-finding kb-finding--${f.severity}`} data-finding data-severity={f.severity}>
            <div className="kb-finding__head">
              <Badge tone={SEVERITY_TONES[f.severity]}>{SEVERITY_LABELS[f.severity]}</Badge>
              <span className="kb-finding__class">{CLASS_LABELS[f.class]}</span>
              <span className="muted">
                {where}: “{f.text}”
              </span>
            </div>
            <p className="kb-finding__reason">{f.reason}</p>
            <p className="kb-finding__source muted">Source: {f.source}</p>
            {f.rewording !== null ? (
              <p className="kb-finding__rewording">
                Instead: “{f.rewording}”
                {onUseWording && draft ? (
                  <button
                    type="button"
                    className="button button--secondary button--small"
                    disabled={!replaceable}
                    title={replaceable ? undefined : "The text has changed since it was checked."}
                    onClick={() => onUseWording(ff, f.rewording ?? "")}
                  >
                    Use this wording
                  </button>
                ) : null}
              </p>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
