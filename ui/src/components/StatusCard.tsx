import { useId, type ReactNode } from "react";
import "./StatusCard.css";

interface StatusCardProps {
  title: string;
  description?: string;
  children: ReactNode;
}

export function StatusCard({ title, description, children }: StatusCardProps) {
  const titleId = useId();
  return (
    <section className="card" aria-labelledby={titleId}>
      <header className="card__header">
        <h2 id={titleId} className="card__title">
          {title}
        </h2>
        {description ? <p className="card__description">{description}</p> : null}
      </header>
      <div className="card__body">{children}</div>
    </section>
  );
}
