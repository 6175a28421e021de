import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { describe, expect, it } from "vitest";
import { reachableServer, unavailableKeychain } from "../test/fixtures";
import {
  FALLBACK_ERROR_MESSAGE,
  UNKNOWN_ERROR_CODE,
  fetchKeychainStatus,
  fetchServerStatus,
  toErrorBody,
} from "./commands";

describe("toErrorBody", () => {
  it("keeps a well-formed ErrorBody as is", () => {
    expect(toErrorBody({ code: "tls_error", message: "Certificate has expired." })).toEqual({
      code: "tls_error",
      message: "Certificate has expired.",
    });
  });

  it("supplies a code when only a message is present", () => {
    expect(toErrorBody({ message: "Disk full" })).toEqual({
      code: UNKNOWN_ERROR_CODE,
      message: "Disk full",
    });
  });

  it("uses the message of an Error instance", () => {
    expect(toErrorBody(new TypeError("fetch failed"))).toEqual({
      code: UNKNOWN_ERROR_CODE,
      message: "fetch failed",
    });
  });

  it("uses a plain string as the message, trimmed", () => {
    expect(toErrorBody("  command server_status not found \n")).toEqual({
      code: UNKNOWN_ERROR_CODE,
      message: "command server_status not found",
    });
  });

  it("unwraps an ErrorBody that arrives as JSON text", () => {
    expect(toErrorBody('{"code":"dns","message":"Host not found."}')).toEqual({
      code: "dns",
      message: "Host not found.",
    });
  });

  it("unwraps a nested { error } wrapper and keeps the outer code", () => {
    expect(toErrorBody({ code: "ipc", error: "Channel closed." })).toEqual({
      code: "ipc",
      message: "Channel closed.",
    });
    expect(toErrorBody({ error: { code: "io", message: "Broken pipe" } })).toEqual({
      code: "io",
      message: "Broken pipe",
    });
  });

  it("stringifies a numeric code", () => {
    expect(toErrorBody({ code: 503, message: "Service unavailable" }).code).toBe("503");
  });

  it("keeps prose that merely starts like JSON", () => {
    expect(toErrorBody("{oops} not json").message).toBe("{oops} not json");
  });

  it.each([
    ["undefined", undefined],
    ["null", null],
    ["a number", 42],
    ["a boolean", false],
    ["an empty string", "   "],
    ["an array", ["a", "b"]],
    ["an empty object", {}],
    ["an object with a non-string message", { code: "x", message: { nested: true } }],
    ["the text [object Object]", "[object Object]"],
    ["JSON without a message", '{"foo":1}'],
    ["a symbol", Symbol("boom")],
  ])("falls back to a readable message for %s", (_label, value) => {
    const body = toErrorBody(value);
    expect(body.message).toBe(FALLBACK_ERROR_MESSAGE);
    expect(typeof body.code).toBe("string");
  });

  it("does not loop forever on self-referencing errors", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.error = cyclic;
    expect(toErrorBody(cyclic).message).toBe(FALLBACK_ERROR_MESSAGE);
  });
});

describe("command wrappers", () => {
  it("fetchServerStatus invokes server_status without arguments", async () => {
    const calls: Array<{ cmd: string; args: unknown }> = [];
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      return reachableServer();
    });

    await expect(fetchServerStatus()).resolves.toEqual(reachableServer());
    expect(calls).toHaveLength(1);
    expect(calls[0]?.cmd).toBe("server_status");
    clearMocks();
  });

  it("fetchKeychainStatus invokes keychain_status", async () => {
    mockIPC((cmd) => (cmd === "keychain_status" ? unavailableKeychain() : null));
    await expect(fetchKeychainStatus()).resolves.toEqual(unavailableKeychain());
  });

  it("rejects with a normalised ErrorBody when the command fails", async () => {
    mockIPC(() => {
      throw "server_status panicked";
    });
    await expect(fetchServerStatus()).rejects.toEqual({
      code: UNKNOWN_ERROR_CODE,
      message: "server_status panicked",
    });
  });
});
