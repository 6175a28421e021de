import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { ApiKeySummary } from "../bindings/ApiKeySummary";
import type { TenantSettings } from "../bindings/TenantSettings";
import { renderSignedIn } from "../test/app";
import { defaultSettings, edited, memberSignedIn, offlineSync, revocable } from "../test/fixtures";

const SETTINGS: TenantSettings = defaultSettings();

const KEY: ApiKeySummary = {
  id: "k-1",
  name: "Website chatbot",
  prefix: "bd_live_SECR",
  scopes: ["leads:ingest"],
  createdBy: "u-1",
  createdAt: "2025-03-01T00:00:00Z",
  lastUsedAt: null,
  expiresAt: null,
  revokedAt: null,
  rotationDue: false,
};

const base = {
  tenant_settings: () => edited(SETTINGS),
  provider_keys: () => [{ provider: "openai", lastFour: "abcd", updatedAt: "2025-03-01T00:00:00Z" }],
  api_keys: () => [],
  rejected_edits: () => [],
  tenant_deletion: () => ({ status: "active", requestedAt: null, requestedBy: null, dueAt: null, held: false }),
  export_jobs: () => [],
  dotloop_status: () => ({ status: { configured: false, connected: false, status: null, account: null, connectedAt: null, latestRun: null, lastSuccessfulRun: null }, seenAt: "2025-03-01T00:00:00Z", offline: false }),
};

describe("settings", () => {
  it("shows provider keys by their last four only and sends a new key without reading it back", async () => {
    const calls = await renderSignedIn(memberSignedIn("owner"), "#/settings", {
      ...base,
      set_provider_key: () => ({ provider: "twilio", lastFour: "9876", updatedAt: "2025-03-02T00:00:00Z" }),
    });
    const openai = await screen.findByTestId("provider-openai");
    expect(openai).toHaveTextContent("•••• abcd");
    const user = userEvent.setup();
    await user.click(screen.getByTestId("provider-twilio-set"));
    const input = screen.getByTestId("provider-twilio-input");
    expect(input).toHaveAttribute("type", "password");
    await user.type(input, "AC-secret-9876{Enter}");
    await waitFor(() => expect(screen.queryByTestId("provider-twilio-input")).not.toBeInTheDocument());
    expect(calls.find((c) => c.cmd === "set_provider_key")?.args).toEqual({ provider: "twilio", key: "AC-secret-9876" });
  });

  it("shows a new API key once, with a copy button", async () => {
    await renderSignedIn(memberSignedIn("admin"), "#/settings", {
      ...base,
      create_api_key: () => ({ key: "bd_live_SECRET_harbour", apiKey: KEY }),
    });
    // Admins manage API keys but never the owner's provider keys.
    await screen.findByTestId("settings-timezone");
    expect(screen.queryByTestId("provider-openai")).not.toBeInTheDocument();
    const user = userEvent.setup();
    await user.click(screen.getByTestId("api-key-create-open"));
    await user.type(screen.getByTestId("api-key-name"), "Website chatbot");
    await user.click(within(screen.getByTestId("api-key-dialog")).getByRole("button", { name: "Create key" }));
    const created = await screen.findByTestId("api-key-created");
    expect(within(created).getByTestId("api-key-secret")).toHaveValue("bd_live_SECRET_harbour");
    expect(within(created).getByRole("button", { name: "Copy" })).toBeInTheDocument();
  });

  it("saves what the form changed against what it opened on, then shows the fields pending", async () => {
    let shown = edited(SETTINGS);
    const calls = await renderSignedIn(memberSignedIn("owner"), "#/settings", {
      ...base,
      tenant_settings: () => shown,
      save_settings: (args) => {
        const saved = args.settings as TenantSettings;
        shown = edited(saved, { edit: "pending", pendingFields: ["timezone"] });
        return saved;
      },
      audit_trail: () => [],
    });
    const user = userEvent.setup();
    const timezone = await screen.findByTestId("settings-timezone");
    await user.clear(timezone);
    await user.type(timezone, "America/Chicago");
    await user.type(screen.getByTestId("settings-license-state"), "ca");
    await user.click(screen.getByTestId("settings-save"));
    await waitFor(() => expect(calls.some((c) => c.cmd === "save_settings")).toBe(true));
    expect(calls.find((c) => c.cmd === "save_settings")?.args).toEqual({
      base: SETTINGS,
      settings: { ...SETTINGS, timezone: "America/Chicago", licenseState: "CA" },
    });
    const pending = await screen.findByTestId("settings-pending");
    expect(pending).toHaveTextContent("Pending sync");
    expect(pending).toHaveTextContent("Waiting to sync: time zone");
  });

  it("reports a validation error readably", async () => {
    await renderSignedIn(memberSignedIn("owner"), "#/settings", {
      ...base,
      save_settings: () => {
        throw { code: "invalid_setting", message: "timezone: \"Mars/Olympus\" is not a time zone such as America/Chicago" };
      },
    });
    const user = userEvent.setup();
    const timezone = await screen.findByTestId("settings-timezone");
    await user.clear(timezone);
    await user.type(timezone, "Mars/Olympus");
    await user.click(screen.getByTestId("settings-save"));
    expect(await screen.findByTestId("settings-error")).toHaveTextContent("is not a time zone such as America/Chicago");
  });

  it("shows a refused settings change with its reason", async () => {
    await renderSignedIn(memberSignedIn("owner"), "#/settings", {
      ...base,
      rejected_edits: () => [
        {
          mutationId: "0190a000-0000-7000-8000-00000000f002",
          entity: "settings",
          entityId: "0190a000-0000-7000-8000-0000000000aa",
          op: "update",
          changes: { branding: {} },
          code: "plan_feature_required",
          message: "Custom branding is part of the Professional and Enterprise plans; your plan is Starter.",
          createdAt: "2025-03-14T09:30:00Z",
        },
      ],
    });
    const notice = await screen.findByTestId("rejected-edits");
    expect(notice).toHaveTextContent("Changing the branding setting");
    expect(notice).toHaveTextContent("your plan is Starter");
  });

  it("offline, keeps revoking a key but disables what needs the server", async () => {
    const key = revocable(KEY);
    const calls = await renderSignedIn(memberSignedIn("owner"), "#/settings", {
      ...base,
      sync_state: () => offlineSync(),
      api_keys: key.list,
      revoke_api_key: key.revoke,
      audit_trail: () => [],
    });
    await waitFor(() => expect(screen.getByTestId("api-key-create-open")).toBeDisabled());
    expect(screen.getByTestId("provider-openai-set")).toBeDisabled();
    expect(screen.getByTestId("provider-openai-set")).toHaveAttribute("title", expect.stringContaining("Needs a connection"));
    const user = userEvent.setup();
    const row = screen.getByTestId("api-key-Website chatbot");
    await user.click(within(row).getByRole("button", { name: "Revoke" }));
    await user.click(screen.getByRole("button", { name: "Revoke key" }));
    expect(await screen.findByTestId("api-key-revoking-Website chatbot")).toHaveTextContent("Revoke pending sync");
    expect(calls.find((c) => c.cmd === "revoke_api_key")?.args).toEqual({ keyId: "k-1" });
  });
});
