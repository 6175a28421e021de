import { describe, expect, it } from "vitest";
import { transferText } from "./TransferProgressBar";

describe("transferText", () => {
  it("counts against the total once it is known", () => {
    expect(transferText({ done: 250, total: 1000 }, "rows")).toBe("250 of 1,000 rows");
  });

  it("says it is starting, not 0 of 0, before the size is known", () => {
    expect(transferText({ done: 0, total: 0 }, "bytes")).toBe("Starting…");
    expect(transferText({ done: 4096, total: 0 }, "bytes")).toBe("4,096 bytes");
  });
});
