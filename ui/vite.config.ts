/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// Tauri loads dist/ through its own protocol under a strict CSP, so the build
// must stay free of inline scripts/styles and remote assets.
export default defineConfig({
  plugins: [react()],
  // Keep Rust compiler output visible when `tauri dev` runs Vite alongside cargo.
  clearScreen: false,
  server: {
    // Tauri's devUrl points at this exact port; fail loudly instead of drifting.
    port: 1420,
    strictPort: true,
  },
  envPrefix: ["VITE_", "TAURI_ENV_"],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // Linux ships WebKitGTK, whose JS/CSS support roughly tracks Safari 15.
    target: "safari15",
    sourcemap: Boolean(process.env.TAURI_ENV_DEBUG),
  },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    restoreMocks: true,
    // jsdom screens take well under a second each, but under a loaded 2-core machine
    // (builds running beside the tests) 5 s was seen to run out mid-test.
    testTimeout: 20_000,
  },
});
