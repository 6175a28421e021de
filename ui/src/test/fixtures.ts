import type { KeychainStatus } from "../bindings/KeychainStatus";
import type { ServerStatus } from "../bindings/ServerStatus";

export const SERVER_URL = "https://crm.harbourrealty.example";

export function reachableServer(overrides: Partial<ServerStatus> = {}): ServerStatus {
  return {
    serverUrl: SERVER_URL,
    reachable: true,
    serverVersion: "2.4.1",
    checkedAt: "2025-03-14T09:26:53Z",
    error: null,
    ...overrides,
  };
}

export function unreachableServer(overrides: Partial<ServerStatus> = {}): ServerStatus {
  return {
    serverUrl: SERVER_URL,
    reachable: false,
    serverVersion: null,
    checkedAt: "2025-03-14T09:26:53Z",
    error: {
      code: "connect_timeout",
      message: "Could not connect to crm.harbourrealty.example: the connection timed out.",
    },
    ...overrides,
  };
}

export function availableKeychain(overrides: Partial<KeychainStatus> = {}): KeychainStatus {
  return { available: true, backend: "Secret Service", error: null, ...overrides };
}

export function unavailableKeychain(overrides: Partial<KeychainStatus> = {}): KeychainStatus {
  return {
    available: false,
    backend: "Secret Service",
    error: {
      code: "keychain_locked",
      message:
        "No unlocked keyring was found. Install gnome-keyring (or KeePassXC with Secret Service enabled), unlock it, then check again.",
    },
    ...overrides,
  };
}
