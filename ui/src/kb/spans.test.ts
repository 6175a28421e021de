import { describe, expect, it } from "vitest";
import type { Finding } from "../bindings/Finding";
import { replaceSpan, segments, utf16Index } from "./spans";

function finding(text: string, phrase: string): Finding {
  const at = text.indexOf(phrase);
  const start = Array.from(text.slice(0, at)).length;
  return { start, end: start + Array.from(phrase).length, text: phrase, severity: "warn", class: "familial_status", reason: "r", source: "s", rewording: null };
}

describe("lint spans", () => {
  it("turns Rust's char offsets into UTF-16 indexes past characters outside the basic plane", () => {
    const text = "🏡🏡 a";
    expect(utf16Index(text, 0)).toBe(0);
    expect(utf16Index(text, 1)).toBe(2);
    expect(utf16Index(text, 3)).toBe(5);
    expect(utf16Index(text, 99)).toBe(text.length);
  });

  it("highlights the flagged words after an emoji, not two units early", () => {
    const text = "Sunny 🏡 — perfect for families!";
    const f = finding(text, "perfect for families");
    expect(f.start).toBe(text.indexOf("perfect") - 1);
    expect(segments(text, [f])).toEqual([
      { text: "Sunny 🏡 — ", finding: null },
      { text: "perfect for families", finding: f },
      { text: "!", finding: null },
    ]);
    expect(replaceSpan(text, f, "three bedrooms and a fenced yard")).toBe("Sunny 🏡 — three bedrooms and a fenced yard!");
  });

  it("draws nothing for a finding the text has moved past", () => {
    const f = finding("perfect for families", "perfect for families");
    expect(segments("perfect for famous", [f])).toEqual([{ text: "perfect for famous", finding: null }]);
  });
});
