import { describe, expect, it } from "vitest";
import { freshness } from "./freshness";

describe("freshness", () => {
  const now = new Date("2026-12-02T15:00:00Z");

  it("says how long ago the cache synced", () => {
    expect(freshness("2026-12-02T14:59:40Z", now).text).toMatch(/\(just now\)$/);
    expect(freshness("2026-12-02T14:35:00Z", now).text).toMatch(/\(25 min ago\)$/);
    expect(freshness("2026-12-02T12:00:00Z", now)).toMatchObject({ stale: false });
    expect(freshness("2026-12-02T12:00:00Z", now).text).toMatch(/^As of .*\(3 h ago\)$/);
  });

  it("warns when the figures are a day old or were never synced", () => {
    expect(freshness("2026-11-28T15:00:00Z", now)).toMatchObject({ stale: true });
    expect(freshness("2026-11-28T15:00:00Z", now).text).toMatch(/\(4 days ago\)$/);
    expect(freshness(null, now)).toMatchObject({ stale: true });
  });
});
