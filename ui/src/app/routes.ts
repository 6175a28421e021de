import type { ComponentType, SVGProps } from "react";
import { OverviewIcon } from "../components/icons";
import { OverviewPage } from "../pages/OverviewPage";

export interface Route {
  id: string;
  /** Hash URL: the app is served from a custom protocol with no server-side routing. */
  href: `#/${string}`;
  label: string;
  title: string;
  Icon: ComponentType<SVGProps<SVGSVGElement>>;
  Page: ComponentType;
}

const OVERVIEW: Route = {
  id: "overview",
  href: "#/overview",
  label: "Overview",
  title: "Overview",
  Icon: OverviewIcon,
  Page: OverviewPage,
};

// The sidebar is generated from this list, so only add a page once it exists.
export const ROUTES: readonly Route[] = [OVERVIEW];

export const DEFAULT_ROUTE: Route = OVERVIEW;
