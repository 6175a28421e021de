import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { TenantSettings } from "../../bindings/TenantSettings";
import { renderSignedIn } from "../../test/app";
import { memberSignedIn } from "../../test/fixtures";

const SETTINGS: TenantSettings = {
  timezone: "America/New_York",
  locale: "en-US",
  dateFormat: "month_day_year",
  callingWindow: { starts: "08:00", ends: "21:00" },
  tcpa: { requireWrittenConsentForAiCalls: true, honourInternalDnc: true },
  branding: { primaryColour: "#1D4ED8", accentColour: "#0F766E", logoUrl: null },
};

const base = {
  tenant_settings: () => SETTINGS,
  provider_keys: () => [{ provider: "openai", lastFour: "abcd", updatedAt: "2025-03-01T00:00:00Z" }],
  api_keys: () => [],
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
      create_api_key: () => ({
        key: "bd_live_SECRET_harbour",
        apiKey: {
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
        },
      }),
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

  it("saves edited settings and reports a validation error readably", async () => {
    await renderSignedIn(memberSignedIn("owner"), "#/settings", {
      ...base,
      save_settings: () => {
        throw { code: "invalid_settings", message: "timezone: \"Mars/Olympus\" is not a time zone such as America/Chicago" };
      },
    });
    const user = userEvent.setup();
    const timezone = await screen.findByTestId("settings-timezone");
    await user.clear(timezone);
    await user.type(timezone, "Mars/Olympus");
    await user.click(screen.getByTestId("settings-save"));
    expect(await screen.findByTestId("settings-error")).toHaveTextContent("is not a time zone such as America/Chicago");
  });
});
