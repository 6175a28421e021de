import type { CapCard } from "../bindings/CapCard";
import { describeDay } from "./period";
import { capShare, money } from "./money";

function status(card: CapCard): string {
  if (card.cappedOn) return `Capped on ${describeDay(card.cappedOn)}`;
  if (card.projectedCapDate) return `Projected to cap on ${describeDay(card.projectedCapDate)} from pending deals`;
  return `${money(card.leftToCap)} left before the cap year ends ${describeDay(card.capYearEnd)}`;
}

/** Each agent's way to their cap, nearest first. */
export function CapCards({ cards }: { cards: CapCard[] }) {
  if (cards.length === 0) return <p className="muted">No agent in this report is on a plan with a cap.</p>;
  const sorted = [...cards].sort((a, b) => capShare(b.counted, b.cap) - capShare(a.counted, a.cap) || a.agentName.localeCompare(b.agentName));
  return (
    <div className="cap-cards" data-testid="cap-cards">
      {sorted.map((card) => {
        const share = capShare(card.counted, card.cap);
        return (
          <div key={card.agentName} className={`cap-card${card.cappedOn ? " cap-card--capped" : ""}`} data-testid="cap-card">
            <div className="cap-card__head">
              <span className="cap-card__name">{card.agentName}</span>
              <span className="cap-card__share">{Math.round(share)}%</span>
            </div>
            <div className="cap-card__track" aria-hidden="true">
              <div className="cap-card__bar" style={{ width: `${share}%` }} />
            </div>
            <div className="cap-card__figures">
              {money(card.counted)} of {money(card.cap)}
            </div>
            <div className="cap-card__status muted">{status(card)}</div>
          </div>
        );
      })}
    </div>
  );
}
