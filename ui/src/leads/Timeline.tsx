import type { TimelineItem } from "../bindings/TimelineItem";
import { formatDateTime } from "../lib/formatDate";
import { SOURCE_LABELS, STAGE_LABELS } from "./labels";

/** Names a member by id ("Unassigned" for none). */
type NameOf = (agent: string | null) => string;

function describe(item: TimelineItem, nameOf: NameOf): { title: string; body?: string } {
  switch (item.kind) {
    case "created":
      return { title: `Lead created (${SOURCE_LABELS[item.source]})` };
    case "conversation": {
      const { messages } = item.conversation;
      const last = messages[messages.length - 1];
      return { title: `Chat, ${messages.length} message${messages.length === 1 ? "" : "s"}`, body: last ? `${last.role}: ${last.text}` : undefined };
    }
    case "call": {
      const { call } = item;
      const minutes = Math.round(call.durationSecs / 60);
      return {
        title: `${call.direction === "inbound" ? "Inbound" : "Outbound"} call, ${call.outcome.replace("_", " ")}, ${minutes} min`,
        body: call.transcriptSummary ?? undefined,
      };
    }
    case "stage_changed":
      if (item.from && item.to) return { title: `Stage: ${STAGE_LABELS[item.from]} → ${STAGE_LABELS[item.to]}` };
      return { title: item.to ? `Stage set to ${STAGE_LABELS[item.to]}` : "Stage changed" };
    case "agent_changed":
      return { title: `Assigned: ${nameOf(item.from)} → ${nameOf(item.to)}` };
    case "notes_changed":
      return { title: "Notes edited" };
  }
}

/** Conversations, calls, notes, stage and assignment changes, newest first. */
export function Timeline({ items, nameOf }: { items: readonly TimelineItem[]; nameOf: NameOf }) {
  return (
    <section className="detail-section" aria-labelledby="timeline-title">
      <h3 className="detail-section__title" id="timeline-title">
        Timeline
      </h3>
      <ol className="timeline" data-testid="lead-timeline">
        {items.map((item, index) => {
          const { title, body } = describe(item, nameOf);
          const pending = "pending" in item && item.pending;
          const by = "by" in item ? item.by : null;
          return (
            <li key={index} className={`timeline__item timeline__item--${item.kind}`} data-kind={item.kind}>
              <span className="timeline__title">
                {title}
                {pending ? <span className="badge badge--warning">Pending sync</span> : null}
              </span>
              <span className="timeline__meta muted">
                {formatDateTime(item.at)}
                {by ? ` · ${by}` : ""}
              </span>
              {body ? <span className="timeline__body">{body}</span> : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
