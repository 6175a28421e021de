import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { mockCommands } from "../test/app";
import { UpdateSection } from "./UpdateSection";

const OFFERED = { currentVersion: "0.1.0", offered: { version: "0.2.0", notes: "Faster reports.", published: null } };
const SIGNATURE_REFUSED = {
  code: "update_signature_invalid",
  message: "The downloaded update is not signed with Brokerdesk's release key, so it was not installed.",
};

describe("UpdateSection", () => {
  it("says the app is up to date when nothing newer is offered", async () => {
    mockCommands({ check_for_update: () => ({ currentVersion: "0.1.0", offered: null }) });
    render(<UpdateSection initial={null} />);
    await userEvent.click(screen.getByTestId("check-for-update"));
    expect(await screen.findByText("You have the latest version (0.1.0).")).toBeInTheDocument();
    expect(screen.queryByTestId("download-update")).toBeNull();
  });

  it("shows why a download was refused and offers nothing to install", async () => {
    mockCommands({
      download_update: () => {
        throw SIGNATURE_REFUSED;
      },
    });
    render(<UpdateSection initial={OFFERED} />);
    expect(screen.getByTestId("update-state")).toHaveTextContent("Version 0.2.0 is available (you have 0.1.0). Faster reports.");
    await userEvent.click(screen.getByTestId("download-update"));
    expect(await screen.findByTestId("update-error")).toHaveTextContent("not signed with Brokerdesk's release key");
    expect(screen.queryByTestId("install-update")).toBeNull();
  });

  it("installs only after a verified download, when the user asks", async () => {
    const calls = mockCommands({
      download_update: () => ({ version: "0.2.0", bytes: 1024 }),
      install_update: () => null,
    });
    render(<UpdateSection initial={OFFERED} />);
    await userEvent.click(screen.getByTestId("download-update"));
    expect(await screen.findByTestId("install-update")).toBeInTheDocument();
    expect(screen.getByTestId("update-state")).toHaveTextContent("signature verified");
    expect(calls.map((call) => call.cmd)).toEqual(["download_update"]);
    await userEvent.click(screen.getByTestId("install-update"));
    expect(calls.map((call) => call.cmd)).toEqual(["download_update", "install_update"]);
  });
});
