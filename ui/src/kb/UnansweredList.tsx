import { useQuery } from "@tanstack/react-query";
import type { KbItem } from "../bindings/KbItem";
import { QueryBoundary } from "../components/QueryBoundary";
import { useCommandMutation } from "../hooks/useCommandMutation";
import { formatDateTime } from "../lib/formatDate";
import { ErrorCallout } from "../components/ErrorCallout";
import { KB_KEY, kbAnswerUnanswered, kbKeys, kbUnanswered } from "./api";

/** The questions the chatbot could not answer (or that got a thumbs-down), as a to-do list. */
export function UnansweredList({ offline, onAnswer }: { offline: boolean; onAnswer: (item: KbItem) => void }) {
  // The list is kept by the server only: offline there is nothing to show.
  const groups = useQuery({ queryKey: kbKeys.unanswered, queryFn: kbUnanswered, enabled: !offline });
  const answer = useCommandMutation(kbAnswerUnanswered, [KB_KEY], (saved) => onAnswer(saved.item));
  if (offline) {
    return (
      <p className="notice" data-testid="kb-unanswered-offline">
        The unanswered questions are kept by the server, which cannot be reached now. They show here once the connection is back.
      </p>
    );
  }
  return (
    <section data-testid="kb-unanswered" aria-label="Unanswered questions">
      {answer.error ? <ErrorCallout error={answer.error} testId="kb-answer-error" /> : null}
      <QueryBoundary query={groups} testId="kb-unanswered">
        {(list) =>
          list.length === 0 ? (
            <p className="muted">Nothing to answer: the chatbot has reported no unanswered question.</p>
          ) : (
            <table className="kb-table" data-testid="kb-unanswered-table">
              <thead>
                <tr>
                  <th>Question</th>
                  <th>No answer</th>
                  <th>Thumbs down</th>
                  <th>Last asked</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {list.map((group) => (
                  <tr key={group.key}>
                    <td>{group.question}</td>
                    <td className="kb-table__number">{group.noAnswerCount}</td>
                    <td className="kb-table__number">{group.thumbsDownCount}</td>
                    <td>{formatDateTime(group.lastAskedAt)}</td>
                    <td>
                      <button
                        type="button"
                        className="button button--secondary button--small"
                        disabled={answer.busy}
                        title="Makes a Q&A draft with this question, for you to write the answer."
                        onClick={() => answer.run(group.key)}
                        data-testid={`kb-answer-${group.key}`}
                      >
                        Answer this
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </QueryBoundary>
    </section>
  );
}
