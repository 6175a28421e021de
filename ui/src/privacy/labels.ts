import type { PrivacyChannel } from "../bindings/PrivacyChannel";
import type { PrivacyLaw } from "../bindings/PrivacyLaw";
import type { PrivacyRequestKind } from "../bindings/PrivacyRequestKind";
import type { PrivacyRequestStatus } from "../bindings/PrivacyRequestStatus";
import type { Tone } from "../components/Badge";

export const KIND_LABELS: Record<PrivacyRequestKind, string> = {
  access: "Access",
  deletion: "Deletion",
  correction: "Correction",
};

export const LAW_LABELS: Record<PrivacyLaw, string> = { ccpa: "CCPA", gdpr: "GDPR" };

export const CHANNEL_LABELS: Record<PrivacyChannel, string> = {
  email: "Email",
  phone: "Phone",
  web_form: "Web form",
  mail: "Mail",
  in_person: "In person",
};

export const STATUS_BADGES: Record<PrivacyRequestStatus, [Tone, string]> = {
  received: ["neutral", "Received"],
  confirmed: ["accent", "Confirmed"],
  completed: ["positive", "Completed"],
  denied: ["negative", "Denied"],
};
