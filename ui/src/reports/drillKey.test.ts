import { describe, expect, it } from "vitest";
import { agentOfKey } from "./DrillDownDialog";

describe("agentOfKey", () => {
  it("finds the agent of an agent row and nothing else", () => {
    expect(agentOfKey('{"kind":"agent","value":"0190a000-0000-7000-8000-000000000001"}')).toBe("0190a000-0000-7000-8000-000000000001");
    expect(agentOfKey('{"kind":"team","value":"Harbor Team"}')).toBeNull();
    expect(agentOfKey('{"kind":"month","value":{"year":2026,"month":3}}')).toBeNull();
    expect(agentOfKey(null)).toBeNull();
    expect(agentOfKey("not json")).toBeNull();
  });
});
