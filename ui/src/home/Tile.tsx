import type { ReactNode } from "react";

/** A figure on the Overview: a heading, a number, and the page it links to. */
export function Tile({ title, value, href, testId, children }: { title: string; value: string; href: string; testId: string; children?: ReactNode }) {
  return (
    <section className="home-tile" data-testid={testId}>
      <a className="home-tile__link" href={href} data-testid={`${testId}-link`}>
        <span className="home-tile__title">{title}</span>
        <span className="home-tile__value">{value}</span>
      </a>
      {children ? <div className="home-tile__body">{children}</div> : null}
    </section>
  );
}
