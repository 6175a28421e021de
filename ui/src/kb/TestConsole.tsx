import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { KbConsoleHit } from "../bindings/KbConsoleHit";
import { Field } from "../components/Field";
import { QueryBoundary } from "../components/QueryBoundary";
import { KB_KEY, kbConsole } from "./api";

interface Asked {
  question: string;
  topK: number | null;
}

/**
 * Ask what a website visitor would, and see the chunks the chatbot would be given,
 * beside those it would get once the current drafts are published. It searches this
 * computer's copy, so it works offline.
 */
export function TestConsole() {
  const [question, setQuestion] = useState("");
  const [topK, setTopK] = useState("5");
  const [asked, setAsked] = useState<Asked | null>(null);
  const answer = useQuery({
    queryKey: [...KB_KEY, "console", asked],
    queryFn: () => kbConsole(asked!),
    enabled: asked !== null,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const k = Number.parseInt(topK, 10);
    setAsked({ question: question.trim(), topK: Number.isFinite(k) && k > 0 ? k : null });
  };

  return (
    <section className="kb-console" data-testid="kb-console" aria-label="Test console">
      <form className="toolbar kb-console__form" onSubmit={submit} role="search" aria-label="Ask the knowledge base">
        <Field label="Question" className="kb-console__question">
          <input className="input" value={question} onChange={(e) => setQuestion(e.target.value)} placeholder="Do you charge a fee to buyers?" data-testid="kb-console-question" />
        </Field>
        <Field label="Chunks per column">
          <input className="input kb-console__topk" type="number" min={1} max={50} value={topK} onChange={(e) => setTopK(e.target.value)} data-testid="kb-console-topk" />
        </Field>
        <button type="submit" className="button button--primary" disabled={question.trim() === ""} data-testid="kb-console-ask">
          Ask
        </button>
      </form>
      {asked ? (
        <QueryBoundary query={answer} testId="kb-console">
          {(a) => (
            <>
              <p className="muted" data-testid="kb-console-took">
                Searched this computer's copy in {(a.tookMicros / 1000).toFixed(1)} ms.
              </p>
              <div className="kb-console__columns">
                <HitColumn column="published" title="Published (what the chatbot gets now)" hits={a.published} />
                <HitColumn column="drafts" title="With current drafts" hits={a.drafts} />
              </div>
            </>
          )}
        </QueryBoundary>
      ) : (
        <p className="muted">Works offline: it searches the copy of the knowledge base kept on this computer.</p>
      )}
    </section>
  );
}

function HitColumn({ column, title, hits }: { column: "published" | "drafts"; title: string; hits: KbConsoleHit[] }) {
  return (
    <section className="kb-console__column" data-column={column} data-testid={`kb-console-${column}`} aria-label={title}>
      <h4 className="kb-editor__subtitle">{title}</h4>
      {hits.length === 0 ? (
        <p className="muted">Nothing matches: the chatbot would have no answer.</p>
      ) : (
        <ol className="kb-hits">
          {hits.map((hit, index) => (
            <li key={`${hit.itemId}:${hit.chunkOrdinal}`} className="kb-hit" data-hit>
              <div className="kb-hit__head">
                <span className="kb-hit__rank">#{index + 1}</span>
                <span className="kb-hit__title">{hit.title}</span>
                <span className="kb-hit__score" title="Score (higher is better; comparable within one column)">
                  {hit.score.toFixed(3)}
                </span>
              </div>
              {hit.headingPath.length > 0 ? <p className="kb-hit__path muted">{hit.headingPath.join(" › ")}</p> : null}
              <p className="kb-hit__text">{hit.text}</p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
