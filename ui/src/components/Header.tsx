import { ConnectionIndicator } from "./ConnectionIndicator";

export function Header({ title }: { title: string }) {
  return (
    <header className="topbar">
      <h1 className="topbar__title">{title}</h1>
      <div className="topbar__end">
        <ConnectionIndicator />
      </div>
    </header>
  );
}
