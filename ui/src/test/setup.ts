import "@testing-library/jest-dom/vitest";
import { webcrypto } from "node:crypto";
import { cleanup } from "@testing-library/react";
import { clearMocks } from "@tauri-apps/api/mocks";
import { afterEach, vi } from "vitest";

// @tauri-apps/api/mocks registers callbacks with crypto.getRandomValues,
// which some jsdom builds do not expose.
if (typeof window.crypto?.getRandomValues !== "function") {
  Object.defineProperty(window, "crypto", { value: webcrypto, configurable: true });
}

// Vitest globals are off, so Testing Library cannot register its own cleanup.
afterEach(() => {
  cleanup();
  clearMocks();
  vi.useRealTimers();
  window.location.hash = "";
});
