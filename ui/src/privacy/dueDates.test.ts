import { describe, expect, it } from "vitest";
import { privacyRequest } from "../test/fixtures";
import { daysUntil, dueSummary, localToday, nextDue } from "./dueDates";

describe("a privacy request's next deadline", () => {
  it("is the confirmation while received, then the answer, and none once closed", () => {
    const received = privacyRequest();
    expect(nextDue(received)).toEqual({ on: "2026-12-16", owed: "confirmation" });
    expect(nextDue({ ...received, status: "confirmed" })).toEqual({ on: "2027-01-16", owed: "answer" });
    expect(nextDue({ ...received, status: "completed", closedOn: "2026-12-10" })).toBeNull();
    expect(nextDue({ ...received, status: "denied", closedOn: "2026-12-10" })).toBeNull();
  });

  it("is the answer for a GDPR request, which has no separate confirmation date", () => {
    const gdpr = privacyRequest({ law: "gdpr", deadlines: { confirmBy: null, respondBy: "2027-01-02" } });
    expect(nextDue(gdpr)).toEqual({ on: "2027-01-02", owed: "answer" });
  });
});

describe("days until a deadline", () => {
  it("counts calendar days across months and years, negative once past", () => {
    expect(daysUntil("2026-12-16", "2026-12-16")).toBe(0);
    expect(daysUntil("2027-01-16", "2026-12-30")).toBe(17);
    expect(daysUntil("2026-12-01", "2026-12-03")).toBe(-2);
    // 8 March 2026 is when US clocks go forward: still one whole day.
    expect(daysUntil("2026-03-09", "2026-03-08")).toBe(1);
  });

  it("takes today from the computer's local date", () => {
    expect(localToday(new Date(2026, 11, 3, 23, 59))).toBe("2026-12-03");
    expect(localToday(new Date(2027, 0, 9, 0, 1))).toBe("2027-01-09");
  });
});

describe("the due-soon summary", () => {
  it("counts open requests past their next deadline and those due within a week", () => {
    const today = "2026-12-10";
    const requests = [
      privacyRequest({ deadlines: { confirmBy: "2026-12-09", respondBy: "2027-01-16" } }), // confirmation overdue
      privacyRequest({ deadlines: { confirmBy: "2026-12-10", respondBy: "2027-01-16" } }), // due today
      privacyRequest({ deadlines: { confirmBy: "2026-12-17", respondBy: "2027-01-16" } }), // in 7 days: soon
      privacyRequest({ deadlines: { confirmBy: "2026-12-18", respondBy: "2027-01-16" } }), // in 8 days: not yet
      // Confirmed: only the answer counts, so its past confirmation date is not overdue.
      privacyRequest({ status: "confirmed", deadlines: { confirmBy: "2026-11-01", respondBy: "2026-12-12" } }),
      // Closed requests owe nothing, however old their dates.
      privacyRequest({ status: "completed", closedOn: "2026-11-20", deadlines: { confirmBy: "2026-11-01", respondBy: "2026-11-30" } }),
      privacyRequest({ status: "denied", closedOn: "2026-11-20", deadlines: { confirmBy: null, respondBy: "2026-12-11" } }),
    ];
    expect(dueSummary(requests, today)).toEqual({ overdue: 1, dueSoon: 3 });
  });

  it("is all zeros for an empty register", () => {
    expect(dueSummary([], "2026-12-10")).toEqual({ overdue: 0, dueSoon: 0 });
  });
});
