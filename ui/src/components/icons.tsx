// Icons are inline SVG components: the CSP forbids remote icon fonts, and
// inline SVG inherits currentColor so it follows the theme.
import type { SVGProps } from "react";

type IconProps = SVGProps<SVGSVGElement>;

function Icon({ children, ...props }: IconProps) {
  return (
    <svg
      viewBox="0 0 20 20"
      width="20"
      height="20"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      {...props}
    >
      {children}
    </svg>
  );
}

export function BrandMark(props: IconProps) {
  return (
    <Icon viewBox="0 0 24 24" width="24" height="24" strokeWidth="1.8" {...props}>
      <path d="M3.5 10.5 12 4l8.5 6.5" />
      <path d="M6 9v10.5h12V9" />
      <path d="M10 19.5v-5h4v5" />
    </Icon>
  );
}

export function OverviewIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <rect x="3" y="3" width="5.5" height="5.5" rx="1.2" />
      <rect x="11.5" y="3" width="5.5" height="5.5" rx="1.2" />
      <rect x="3" y="11.5" width="5.5" height="5.5" rx="1.2" />
      <rect x="11.5" y="11.5" width="5.5" height="5.5" rx="1.2" />
    </Icon>
  );
}

export function AlertIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <circle cx="10" cy="10" r="7.25" />
      <path d="M10 6.25v4.5" />
      <path d="M10 13.6v.15" />
    </Icon>
  );
}

export function RefreshIcon(props: IconProps) {
  return (
    <Icon width="16" height="16" {...props}>
      <path d="M16 10a6 6 0 1 1-1.76-4.24" />
      <path d="M16 3.5V7h-3.5" />
    </Icon>
  );
}

export function UsersIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <circle cx="7.5" cy="7" r="2.75" />
      <path d="M2.75 16.5c.5-2.6 2.4-4.25 4.75-4.25s4.25 1.65 4.75 4.25" />
      <circle cx="14" cy="7.75" r="2.25" />
      <path d="M13.5 12.3c2 .1 3.4 1.5 3.8 3.7" />
    </Icon>
  );
}

/** A house with a document: deals (transactions). */
export function TransactionsIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M2.5 9 8 4.5 13.5 9" />
      <path d="M4 8v8h8V8" />
      <rect x="11.5" y="10" width="6" height="7.5" rx="1" />
      <path d="M13 12.5h3M13 15h3" />
    </Icon>
  );
}

export function PlanIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M3.5 16.5V10" />
      <path d="M8.5 16.5V6" />
      <path d="M13.5 16.5v-4" />
      <path d="M2.5 16.5h15" />
      <path d="M16.5 4.5v5" />
    </Icon>
  );
}

export function AuditIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M10 2.75 4 5v4.5c0 3.6 2.5 6.6 6 7.75 3.5-1.15 6-4.15 6-7.75V5z" />
      <path d="m7.5 10 1.75 1.75L12.75 8" />
    </Icon>
  );
}

export function SettingsIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <circle cx="10" cy="10" r="2.5" />
      <path d="M10 2.5v2M10 15.5v2M2.5 10h2M15.5 10h2M4.7 4.7l1.4 1.4M13.9 13.9l1.4 1.4M4.7 15.3l1.4-1.4M13.9 6.1l1.4-1.4" />
    </Icon>
  );
}

export function TenantsIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <rect x="3" y="4" width="6" height="12.5" rx="1" />
      <rect x="11" y="8" width="6" height="8.5" rx="1" />
      <path d="M5.5 7h1M5.5 10h1M5.5 13h1M13.5 11h1M13.5 14h1" />
    </Icon>
  );
}

export function LeadsIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M3 4.5h14l-5.25 6.25v4.75l-3.5 1.5v-6.25z" />
    </Icon>
  );
}

export function ReportsIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M3.5 16.5h13" />
      <path d="M5.5 13.5v-4M9 13.5v-8M12.5 13.5v-6M16 13.5v-3" />
    </Icon>
  );
}

export function HomeIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M3.5 9 10 3.5 16.5 9" />
      <path d="M5.5 7.5v9h9v-9" />
      <path d="M8.5 16.5v-4h3v4" />
    </Icon>
  );
}

export function KnowledgeBaseIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M10 5.5C8.5 4.2 6.2 3.75 3.5 4v11.5c2.7-.25 5 .2 6.5 1.5 1.5-1.3 3.8-1.75 6.5-1.5V4c-2.7-.25-5 .2-6.5 1.5z" />
      <path d="M10 5.5V17" />
    </Icon>
  );
}

export function PrivacyIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <rect x="4" y="8.5" width="12" height="8.5" rx="1.5" />
      <path d="M6.75 8.5V6.25a3.25 3.25 0 0 1 6.5 0V8.5" />
      <path d="M10 12v1.75" />
    </Icon>
  );
}
