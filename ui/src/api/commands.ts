import { Channel, invoke } from "@tauri-apps/api/core";
import type { ErrorBody } from "../bindings/ErrorBody";
import type { KeychainStatus } from "../bindings/KeychainStatus";
import type { ServerStatus } from "../bindings/ServerStatus";
import type { TransferProgress } from "../bindings/TransferProgress";

/** Code used when whatever was thrown carried no code of its own. */
export const UNKNOWN_ERROR_CODE = "unknown";

/** Shown when a failure carries nothing a person could act on. */
export const FALLBACK_ERROR_MESSAGE =
  "Something went wrong, but no details were provided.";

// Bounds recursion through wrappers like { error: { error: ... } } so a
// malicious or cyclic value cannot hang the UI.
const MAX_UNWRAP_DEPTH = 3;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Text that would only confuse a user, e.g. String({}) or an empty message. */
function isUselessText(text: string): boolean {
  return text === "" || text === "[object Object]" || text === "undefined" || text === "null";
}

function readCode(value: unknown): string | null {
  if (typeof value === "string" && value.trim() !== "") return value.trim();
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return null;
}

function fromString(text: string, depth: number): ErrorBody | null {
  const trimmed = text.trim();
  if (isUselessText(trimmed)) return null;
  // Errors serialised twice (e.g. by a plugin) arrive as JSON text; users
  // must see the message inside, never the braces.
  if (trimmed.startsWith("{") || trimmed.startsWith("[") || trimmed.startsWith('"')) {
    try {
      return normalise(JSON.parse(trimmed), depth + 1);
    } catch {
      // Not JSON after all: treat it as prose.
    }
  }
  return { code: UNKNOWN_ERROR_CODE, message: trimmed };
}

function normalise(value: unknown, depth: number): ErrorBody | null {
  if (depth > MAX_UNWRAP_DEPTH) return null;
  if (typeof value === "string") return fromString(value, depth);
  if (!isRecord(value)) return null;

  const code = readCode(value.code);
  if (typeof value.message === "string") {
    const message = value.message.trim();
    if (!isUselessText(message)) {
      return { code: code ?? UNKNOWN_ERROR_CODE, message };
    }
  }
  if ("error" in value) {
    const inner = normalise(value.error, depth + 1);
    if (inner) {
      return inner.code === UNKNOWN_ERROR_CODE && code ? { ...inner, code } : inner;
    }
  }
  return null;
}

/**
 * Turns anything a command (or our own code) may throw into an ErrorBody that
 * is safe to show to a user: the message is always prose, never raw JSON or
 * "[object Object]".
 */
export function toErrorBody(e: unknown): ErrorBody {
  return (
    normalise(e, 0) ?? { code: UNKNOWN_ERROR_CODE, message: FALLBACK_ERROR_MESSAGE }
  );
}

/**
 * Invokes one of the app's Tauri commands. Rejections are normalised here so every
 * caller can rely on ErrorBody.
 */
export async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw toErrorBody(e);
  }
}

/** Long work in Rust that reports how far it has come on a channel. */
export function withProgress<T>(command: string, args: Record<string, unknown>, onProgress: (progress: TransferProgress) => void): Promise<T> {
  const channel = new Channel<TransferProgress>(onProgress);
  return call<T>(command, { ...args, onProgress: channel });
}

export function fetchServerStatus(): Promise<ServerStatus> {
  return call<ServerStatus>("server_status");
}

export function fetchKeychainStatus(): Promise<KeychainStatus> {
  return call<KeychainStatus>("keychain_status");
}
