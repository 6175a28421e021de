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

// jsdom lays nothing out, so every element measures 0×0 and a virtualised table would
// show no rows. Give table scroll areas a window-sized box; rows stay virtualised.
Object.defineProperty(HTMLElement.prototype, "clientHeight", {
  configurable: true,
  get(this: HTMLElement) {
    return this.dataset.virtualScroll !== undefined ? 600 : 0;
  },
});
Object.defineProperty(HTMLElement.prototype, "clientWidth", {
  configurable: true,
  get(this: HTMLElement) {
    return this.dataset.virtualScroll !== undefined ? 1000 : 0;
  },
});
