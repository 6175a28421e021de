import type { Route } from "../app/routes";
import { BrandMark } from "./icons";

interface SidebarProps {
  routes: readonly Route[];
  activeId: string;
}

export function Sidebar({ routes, activeId }: SidebarProps) {
  return (
    <aside className="sidebar">
      <div className="sidebar__brand">
        <BrandMark className="sidebar__brand-mark" />
        <span className="sidebar__brand-name">Brokerdesk</span>
      </div>
      <nav className="sidebar__nav" aria-label="Main">
        <ul className="sidebar__list">
          {routes.map(({ id, href, label, Icon }, index) => {
            const active = id === activeId;
            return (
              <li key={id}>
                <a
                  className={active ? "nav-link nav-link--active" : "nav-link"}
                  href={href}
                  aria-current={active ? "page" : undefined}
                  title={index < 9 ? `${label} (Alt+${index + 1})` : label}
                  data-testid={`nav-${id}`}
                >
                  <Icon className="nav-link__icon" />
                  {label}
                </a>
              </li>
            );
          })}
        </ul>
      </nav>
    </aside>
  );
}
