import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { mockIPC } from "@tauri-apps/api/mocks";
import { describe, expect, it, vi } from "vitest";
import { App } from "./App";
import { FALLBACK_ERROR_MESSAGE } from "./api/commands";
import { formatLocalTime } from "./lib/formatTime";
import {
  SERVER_URL,
  availableKeychain,
  memberSignedIn,
  reachableServer,
  unavailableKeychain,
  unreachableServer,
} from "./test/fixtures";

/** Each handler gets the 1-based call number, so tests can script sequences. */
type Handler = (call: number) => unknown;

/** Signed in as an owner, on the System status page these tests are about. */
function mockCommands(handlers: { server: Handler; keychain: Handler }) {
  const calls = { server_status: 0, keychain_status: 0 };
  window.location.hash = "#/overview";
  mockIPC((cmd) => {
    if (cmd === "restore_session") return memberSignedIn();
    if (cmd === "sync_state") return null;
    if (cmd === "server_status") return handlers.server(++calls.server_status);
    if (cmd === "keychain_status") return handlers.keychain(++calls.keychain_status);
    throw new Error(`Unexpected command: ${cmd}`);
  }, { shouldMockEvents: true });
  return calls;
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Renders the app and waits for the silent sign-in to land on the page under test. */
async function renderApp() {
  render(<App />);
  await screen.findByTestId("header-identity");
}

const serverRow = () => screen.getByTestId("server-status");
const keychainRow = () => screen.getByTestId("keychain-status");
const indicator = () => screen.getByTestId("connection-indicator");

async function waitForState(row: () => HTMLElement, state: string) {
  await waitFor(() => expect(row()).toHaveAttribute("data-state", state));
}

describe("app shell", () => {
  it("shows the brand, the owner's pages and who is signed in", async () => {
    mockCommands({ server: () => reachableServer(), keychain: () => availableKeychain() });
    await renderApp();

    const nav = await screen.findByRole("navigation", { name: "Main" });
    expect(screen.getByText("Brokerdesk")).toBeInTheDocument();
    const links = within(nav).getAllByRole("link");
    expect(links.map((link) => link.textContent)).toEqual([
      "Overview",
      "Users",
      "Leads",
      "Transactions",
      "Knowledge base",
      "Reports",
      "Commission plans",
      "Roster",
      "Plan & usage",
      "Audit trail",
      "Privacy requests",
      "Settings",
      "System status",
    ]);
    expect(links[12]).toHaveAttribute("aria-current", "page");
    expect(screen.getByRole("heading", { level: 1, name: "System status" })).toBeInTheDocument();
    expect(screen.getByTestId("header-tenant")).toHaveTextContent("Harbour Realty");
    expect(screen.getByTestId("header-role")).toHaveTextContent("Owner");
    await waitForState(serverRow, "reachable");
  });
});

describe("server status", () => {
  it("shows Checking… until the first answer arrives", async () => {
    const first = deferred<unknown>();
    mockCommands({ server: () => first.promise, keychain: () => availableKeychain() });
    await renderApp();

    expect(serverRow()).toHaveAttribute("data-state", "checking");
    expect(screen.getByTestId("server-status-text")).toHaveTextContent(/^Checking…$/);
    expect(screen.getByTestId("recheck-server")).toBeDisabled();
    expect(indicator()).toHaveAttribute("data-state", "unknown");

    await act(async () => first.resolve(reachableServer()));
    await waitForState(serverRow, "reachable");
  });

  it("renders a reachable server with its URL, version and check time", async () => {
    mockCommands({ server: () => reachableServer(), keychain: () => availableKeychain() });
    await renderApp();

    await waitForState(serverRow, "reachable");
    const row = within(serverRow());
    expect(screen.getByTestId("server-status-text")).toHaveTextContent(/^Reachable$/);
    expect(row.getByText(SERVER_URL)).toBeInTheDocument();
    expect(row.getByText("2.4.1")).toBeInTheDocument();

    const time = serverRow().querySelector("time");
    expect(time).toHaveAttribute("datetime", "2025-03-14T09:26:53Z");
    expect(time).toHaveTextContent(formatLocalTime("2025-03-14T09:26:53Z"));
    expect(time).not.toHaveTextContent("2025-03-14T09:26:53Z");

    expect(screen.queryByTestId("server-status-error")).not.toBeInTheDocument();
    expect(screen.getByTestId("recheck-server")).toBeEnabled();
    expect(indicator()).toHaveAttribute("data-state", "online");
    expect(indicator()).toHaveTextContent("Online");
  });

  it("renders an unreachable server with the error message", async () => {
    mockCommands({ server: () => unreachableServer(), keychain: () => availableKeychain() });
    await renderApp();

    await waitForState(serverRow, "unreachable");
    expect(screen.getByTestId("server-status-text")).toHaveTextContent(/^Unreachable$/);
    const error = screen.getByTestId("server-status-error");
    expect(error).toHaveTextContent(
      "Could not connect to crm.harbourrealty.example: the connection timed out.",
    );
    expect(error).toHaveTextContent("connect_timeout");
    expect(within(serverRow()).getByText(SERVER_URL)).toBeInTheDocument();
    expect(indicator()).toHaveAttribute("data-state", "offline");
    expect(indicator()).toHaveTextContent("Offline");
  });

  it("explains an unreachable server even when Rust sends no error", async () => {
    mockCommands({
      server: () => unreachableServer({ error: null }),
      keychain: () => availableKeychain(),
    });
    await renderApp();

    await waitForState(serverRow, "unreachable");
    expect(screen.getByTestId("server-status-error")).toHaveTextContent(
      "The server did not respond.",
    );
  });

  it("re-runs the check on “Check again” and shows the new result", async () => {
    const user = userEvent.setup();
    const second = deferred<unknown>();
    const calls = mockCommands({
      server: (n) => (n === 1 ? unreachableServer() : second.promise),
      keychain: () => availableKeychain(),
    });
    await renderApp();
    await waitForState(serverRow, "unreachable");

    await user.click(screen.getByTestId("recheck-server"));

    expect(calls.server_status).toBe(2);
    expect(serverRow()).toHaveAttribute("data-state", "checking");
    expect(screen.getByTestId("server-status-text")).toHaveTextContent(/^Checking…$/);
    expect(screen.getByTestId("recheck-server")).toBeDisabled();

    await act(async () =>
      second.resolve(reachableServer({ serverVersion: "2.5.0", checkedAt: "2025-03-14T09:27:10Z" })),
    );

    await waitForState(serverRow, "reachable");
    expect(screen.getByTestId("server-status-text")).toHaveTextContent(/^Reachable$/);
    expect(within(serverRow()).getByText("2.5.0")).toBeInTheDocument();
    expect(screen.queryByTestId("server-status-error")).not.toBeInTheDocument();
    expect(screen.getByTestId("recheck-server")).toBeEnabled();
    expect(indicator()).toHaveTextContent("Online");
    expect(calls.server_status).toBe(2);
  });

  it("re-checks automatically every 15 seconds without flashing Checking…", async () => {
    vi.useFakeTimers();
    const calls = mockCommands({
      server: (n) => (n === 1 ? unreachableServer() : reachableServer()),
      keychain: () => availableKeychain(),
    });
    render(<App />);
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(serverRow()).toHaveAttribute("data-state", "unreachable");
    expect(calls.server_status).toBe(1);

    await act(() => vi.advanceTimersByTimeAsync(14_900));
    expect(calls.server_status).toBe(1);

    await act(() => vi.advanceTimersByTimeAsync(100));
    expect(calls.server_status).toBe(2);
    expect(serverRow()).toHaveAttribute("data-state", "reachable");
    expect(indicator()).toHaveTextContent("Online");

    await act(() => vi.advanceTimersByTimeAsync(15_000));
    expect(calls.server_status).toBe(3);
    // The keychain is not polled.
    expect(calls.keychain_status).toBe(1);
  });
});

describe("keychain status", () => {
  it("renders an available keychain with its backend", async () => {
    mockCommands({ server: () => reachableServer(), keychain: () => availableKeychain() });
    await renderApp();

    await waitForState(keychainRow, "available");
    expect(screen.getByTestId("keychain-status-text")).toHaveTextContent(/^Available$/);
    expect(within(keychainRow()).getByText("Secret Service")).toBeInTheDocument();
    expect(screen.queryByTestId("keychain-status-error")).not.toBeInTheDocument();
  });

  it("renders an unavailable keychain with its actionable message", async () => {
    mockCommands({ server: () => reachableServer(), keychain: () => unavailableKeychain() });
    await renderApp();

    await waitForState(keychainRow, "unavailable");
    expect(screen.getByTestId("keychain-status-text")).toHaveTextContent(/^Unavailable$/);
    expect(within(keychainRow()).getByText("Secret Service")).toBeInTheDocument();
    expect(screen.getByTestId("keychain-status-error")).toHaveTextContent(
      "No unlocked keyring was found. Install gnome-keyring (or KeePassXC with Secret Service enabled), unlock it, then check again.",
    );
  });

  it("lets the user re-check after fixing the keychain", async () => {
    const user = userEvent.setup();
    const calls = mockCommands({
      server: () => reachableServer(),
      keychain: (n) => (n === 1 ? unavailableKeychain() : availableKeychain()),
    });
    await renderApp();
    await waitForState(keychainRow, "unavailable");

    await user.click(screen.getByTestId("recheck-keychain"));

    await waitForState(keychainRow, "available");
    expect(calls.keychain_status).toBe(2);
    expect(screen.queryByTestId("keychain-status-error")).not.toBeInTheDocument();
    // Re-checking the keychain must not trigger a server check.
    expect(calls.server_status).toBe(1);
  });
});

describe("rejected commands", () => {
  it.each<[string, unknown, string]>([
    [
      "an ErrorBody object",
      { code: "ipc_unavailable", message: "The desktop bridge is not ready yet." },
      "The desktop bridge is not ready yet.",
    ],
    ["a plain string", "Command server_status not found", "Command server_status not found"],
    ["an ErrorBody as JSON text", '{"code":"bad_gateway","message":"Bad gateway."}', "Bad gateway."],
    ["an object without a message", { unexpected: [1, 2, 3] }, FALLBACK_ERROR_MESSAGE],
    ["a number", 500, FALLBACK_ERROR_MESSAGE],
    ["undefined", undefined, FALLBACK_ERROR_MESSAGE],
  ])("shows a readable message when the rejection is %s", async (_label, thrown, expected) => {
    mockCommands({
      server: () => {
        throw thrown;
      },
      keychain: () => Promise.reject(thrown),
    });
    await renderApp();

    await waitForState(serverRow, "unreachable");
    await waitForState(keychainRow, "unavailable");

    for (const testId of ["server-status-error", "keychain-status-error"]) {
      const error = screen.getByTestId(testId);
      expect(error).toHaveTextContent(expected);
      expect(error.textContent).not.toMatch(/[{}[\]]|"code"|object Object|undefined/);
    }
    expect(screen.getByTestId("server-status-text")).toHaveTextContent(/^Unreachable$/);
    expect(screen.getByTestId("keychain-status-text")).toHaveTextContent(/^Unavailable$/);
    expect(serverRow().querySelector("time")).not.toBeNull();
    expect(indicator()).toHaveTextContent("Offline");
  });
});
