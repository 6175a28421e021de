import { lexer, type Token, type Tokens } from "marked";
import { useMemo, type ReactNode } from "react";

// The preview is built from marked's tokens as React elements, never from HTML text:
// whatever a document or a fetched web page holds (raw HTML, script links) is shown as
// words, so nothing in it can run in the app's window.

const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&nbsp;": "\u00a0" };

function decodeEntities(text: string): string {
  return text.replace(/&(?:amp|lt|gt|quot|#39|nbsp);/g, (entity) => ENTITIES[entity] ?? entity);
}

function inline(tokens: readonly Token[] | undefined): ReactNode[] {
  return (tokens ?? []).map((token, index) => inlineToken(token, index));
}

function inlineToken(token: Token, key: number): ReactNode {
  const t = token as Tokens.Generic;
  switch (token.type) {
    case "strong":
      return <strong key={key}>{inline(t.tokens)}</strong>;
    case "em":
      return <em key={key}>{inline(t.tokens)}</em>;
    case "del":
      return <del key={key}>{inline(t.tokens)}</del>;
    case "codespan":
      return <code key={key}>{(token as Tokens.Codespan).text}</code>;
    case "br":
      return <br key={key} />;
    case "link": {
      // A click would take the app's window away from the app, so a link shows its
      // words and names its address on hover.
      const link = token as Tokens.Link;
      return (
        <span key={key} className="md-link" title={link.href}>
          {inline(link.tokens)}
        </span>
      );
    }
    case "image":
      return <span key={key} className="md-image">[image: {(token as Tokens.Image).text || (token as Tokens.Image).href}]</span>;
    case "text":
      return t.tokens ? <span key={key}>{inline(t.tokens)}</span> : decodeEntities(String(t.text));
    case "escape":
    case "html":
      return String(t.text);
    default:
      return typeof t.text === "string" ? t.text : "";
  }
}

function block(tokens: readonly Token[]): ReactNode[] {
  return tokens.map((token, index) => blockToken(token, index));
}

function blockToken(token: Token, key: number): ReactNode {
  switch (token.type) {
    case "space":
    case "def":
      return null;
    case "heading": {
      const heading = token as Tokens.Heading;
      const Tag = `h${Math.min(Math.max(heading.depth, 1), 6)}` as "h1";
      return <Tag key={key}>{inline(heading.tokens)}</Tag>;
    }
    case "paragraph":
      return <p key={key}>{inline((token as Tokens.Paragraph).tokens)}</p>;
    case "blockquote":
      return <blockquote key={key}>{block((token as Tokens.Blockquote).tokens)}</blockquote>;
    case "code":
      return (
        <pre key={key}>
          <code>{(token as Tokens.Code).text}</code>
        </pre>
      );
    case "hr":
      return <hr key={key} />;
    case "list": {
      const list = token as Tokens.List;
      const items = list.items.map((item, index) => (
        <li key={index}>{item.loose ? block(item.tokens) : item.tokens.map((t, i) => (t.type === "text" ? <span key={i}>{inlineToken(t, i)}</span> : blockToken(t, i)))}</li>
      ));
      return list.ordered ? (
        <ol key={key} start={typeof list.start === "number" ? list.start : undefined}>
          {items}
        </ol>
      ) : (
        <ul key={key}>{items}</ul>
      );
    }
    case "table": {
      const table = token as Tokens.Table;
      return (
        <table key={key}>
          <thead>
            <tr>
              {table.header.map((cell, index) => (
                <th key={index}>{inline(cell.tokens)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row, r) => (
              <tr key={r}>
                {row.map((cell, c) => (
                  <td key={c}>{inline(cell.tokens)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      );
    }
    case "html":
      return (
        <p key={key} className="md-raw">
          {(token as Tokens.HTML).text}
        </p>
      );
    default: {
      const t = token as Tokens.Generic;
      return t.tokens ? <p key={key}>{inline(t.tokens)}</p> : typeof t.text === "string" ? <p key={key}>{t.text}</p> : null;
    }
  }
}

/** How a Markdown text reads, as the chatbot's readers would see it formatted. */
export function MarkdownPreview({ markdown }: { markdown: string }) {
  const rendered = useMemo(() => block(lexer(markdown)), [markdown]);
  return (
    <div className="md-preview" data-testid="kb-preview" aria-label="Preview">
      {markdown.trim() === "" ? <p className="muted">Nothing to preview yet.</p> : rendered}
    </div>
  );
}
