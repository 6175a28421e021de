import { useQuery } from "@tanstack/react-query";
import type { DealList } from "../bindings/DealList";
import { PageHeader } from "../components/PageHeader";
import { QueryBoundary } from "../components/QueryBoundary";
import { can } from "../lib/permissions";
import { capShare, change, money } from "../reports/money";
import { describeDay, describePeriod } from "../reports/period";
import { freshness } from "../reports/freshness";
import { useActor } from "../session/SessionContext";
import { OVERVIEW_KEY, homeOverview } from "./api";
import { leadSummary, plural } from "./summary";
import { Tile } from "./Tile";
import { UnansweredCard } from "./UnansweredCard";
import "./home.css";

function Deals({ list, empty, findings = false }: { list: DealList; empty: string; findings?: boolean }) {
  if (list.deals.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ul className="home-list">
      {list.deals.map((deal) => (
        <li key={deal.id}>
          <span className="home-list__name">{deal.name}</span>
          <span className="muted">
            {findings ? plural(deal.findings, "finding") : deal.closingDate ? describeDay(deal.closingDate) : "No closing date"}
            {deal.agents.length > 0 ? ` · ${deal.agents.join(", ")}` : ""}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** The home screen: what matters this week, from this computer's copy, each figure linking to its page. */
export function HomePage() {
  const actor = useActor();
  const overview = useQuery({ queryKey: OVERVIEW_KEY, queryFn: homeOverview });
  return (
    <div className="page page--wide home-page">
      <PageHeader
        title="Overview"
        description="What matters this week, read from this computer's copy of your brokerage: it works offline."
        actions={
          overview.data ? (
            <span className="report-freshness" data-testid="home-as-of">
              {freshness(overview.data.asOf, new Date()).text}
            </span>
          ) : null
        }
      />
      <QueryBoundary query={overview} testId="home">
        {(data) => {
          const leads = leadSummary(data.newLeads);
          const gci = data.gciMonthToDate;
          return (
            <div className="home-grid">
              {can(actor, "read_leads") ? (
                <Tile title="New leads this week" value={plural(leads.total, "lead")} href="#/leads" testId="home-leads">
                  {leads.parts.length > 0 ? <p className="muted">{leads.parts.join(" · ")}</p> : <p className="muted">No new leads in the last 7 days.</p>}
                </Tile>
              ) : null}
              {gci ? (
                <Tile title="GCI closed this month" value={money(gci.gci)} href="#/reports" testId="home-gci">
                  <p className="muted">
                    {describePeriod(gci.period)} · {plural(gci.deals, "deal")} · {money(gci.lastYearGci)} the same days last year
                    {change(gci.gci, gci.lastYearGci) ? ` (${change(gci.gci, gci.lastYearGci)})` : ""}
                  </p>
                </Tile>
              ) : null}
              {can(actor, "read_transactions") ? (
                <>
                  <Tile title="Pending, closing in 14 days" value={plural(data.closingSoon.total, "deal")} href="#/transactions" testId="home-closing">
                    <Deals list={data.closingSoon} empty="Nothing closes in the next two weeks." />
                  </Tile>
                  <Tile title="Pending past their closing date" value={plural(data.stalePending.total, "deal")} href="#/transactions" testId="home-stale">
                    <Deals list={data.stalePending} empty="No stale pending deals." />
                  </Tile>
                  <Tile title="Loops with health findings" value={plural(data.withFindings.total, "loop")} href="#/transactions" testId="home-health">
                    <Deals list={data.withFindings} empty="Every loop is clean." findings />
                  </Tile>
                </>
              ) : null}
              {gci ? (
                <Tile title="Agents near their cap" value={plural(data.nearCap.length, "agent")} href="#/reports" testId="home-cap">
                  {data.nearCap.length === 0 ? (
                    <p className="muted">No agent is within a quarter of their cap.</p>
                  ) : (
                    <ul className="home-list">
                      {data.nearCap.slice(0, 5).map((card) => (
                        <li key={card.agentName}>
                          <span className="home-list__name">{card.agentName}</span>
                          <span className="muted">{card.cappedOn ? `Capped ${describeDay(card.cappedOn)}` : `${Math.round(capShare(card.counted, card.cap))}% · ${money(card.leftToCap)} left`}</span>
                        </li>
                      ))}
                    </ul>
                  )}
                </Tile>
              ) : null}
              {can(actor, "write_knowledge_base") ? <UnansweredCard /> : null}
            </div>
          );
        }}
      </QueryBoundary>
    </div>
  );
}
