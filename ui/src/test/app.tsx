import { render, screen } from "@testing-library/react";
import { mockIPC } from "@tauri-apps/api/mocks";
import { App } from "../App";
import type { SignedIn } from "../bindings/SignedIn";
import { availableKeychain, reachableServer } from "./fixtures";

export type Handlers = Record<string, (args: Record<string, unknown>) => unknown>;

/**
 * Answers the app's commands from `handlers` through Tauri's IPC mock; a command the
 * test did not expect fails loudly. Events are mocked too: a test sends what the shell
 * would with `emit` from `@tauri-apps/api/event`. Returns every call made, in order.
 */
export function mockCommands(handlers: Handlers) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC(
    (cmd, args) => {
      const payload = (args ?? {}) as Record<string, unknown>;
      calls.push({ cmd, args: payload });
      const handler = handlers[cmd];
      if (!handler) throw new Error(`Unexpected command: ${cmd}`);
      return handler(payload);
    },
    { shouldMockEvents: true },
  );
  return calls;
}

/** The whole app, already signed in as `signedIn`, opened at `hash`. */
export async function renderSignedIn(signedIn: SignedIn, hash: string, handlers: Handlers) {
  window.location.hash = hash;
  const calls = mockCommands({
    restore_session: () => signedIn,
    server_status: () => reachableServer(),
    keychain_status: () => availableKeychain(),
    sync_state: () => null,
    check_for_update: () => ({ currentVersion: "0.1.0", offered: null }),
    ...handlers,
  });
  render(<App />);
  await screen.findByTestId("header-identity");
  return calls;
}
