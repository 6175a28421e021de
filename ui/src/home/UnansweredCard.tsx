import { useQuery } from "@tanstack/react-query";
import { toErrorBody } from "../api/commands";
import { useOffline } from "../edits/useOffline";
import { KB_UNANSWERED_HREF, kbKeys, kbUnanswered } from "../kb/api";
import { plural } from "./summary";
import { Tile } from "./Tile";

/** How many shown: enough to see what visitors ask most, short enough for a tile. */
const TOP = 3;

/**
 * The chatbot's most asked unanswered questions. The server keeps them (the rest of
 * the Overview is read from this computer), so offline the tile says so instead.
 */
export function UnansweredCard() {
  const offline = useOffline();
  const groups = useQuery({ queryKey: kbKeys.unanswered, queryFn: kbUnanswered, enabled: !offline });
  const title = "Unanswered chatbot questions";
  if (offline || groups.isError) {
    return (
      <Tile title={title} value="Not available" href={KB_UNANSWERED_HREF} testId="home-unanswered">
        <p className="muted" data-testid="home-unanswered-unavailable">
          {offline ? "The server keeps this list and cannot be reached now; it shows here once the connection is back." : `Could not load the list: ${toErrorBody(groups.error).message}`}
        </p>
      </Tile>
    );
  }
  const list = groups.data;
  const top = [...(list ?? [])].sort((a, b) => b.noAnswerCount + b.thumbsDownCount - (a.noAnswerCount + a.thumbsDownCount)).slice(0, TOP);
  return (
    <Tile title={title} value={list ? plural(list.length, "question") : "…"} href={KB_UNANSWERED_HREF} testId="home-unanswered">
      {list === undefined ? null : top.length === 0 ? (
        <p className="muted">The chatbot has answered everything it was asked.</p>
      ) : (
        <ul className="home-list">
          {top.map((group) => (
            <li key={group.key}>
              <span className="home-list__name">{group.question}</span>
              <span className="muted">
                {plural(group.noAnswerCount, "time")} without an answer · {plural(group.thumbsDownCount, "thumbs-down", "thumbs-down")}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Tile>
  );
}
