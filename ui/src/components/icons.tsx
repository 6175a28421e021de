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
