import { describe, expect, it } from "vitest";
import { approvalSchedule, DEFAULT_APPROVAL_TIMING, parseDuration, readApprovalTiming } from "../../../shared/orders/approval-schedule";
import { DomainError } from "../../../shared/kernel/errors";

const DAY = 86_400_000;

describe("approval schedule", () => {
  it("parses the durations Workflows accepts and refuses anything else", () => {
    expect(parseDuration("1 day")).toBe(DAY);
    expect(parseDuration("3 days")).toBe(3 * DAY);
    expect(parseDuration(" 36 hours ")).toBe(36 * 3_600_000);
    expect(parseDuration("90 Seconds")).toBe(90_000);
    expect(parseDuration("2 weeks")).toBe(14 * DAY);
    for (const bad of ["", "day", "1.5 days", "-1 day", "0 days", "3 fortnights", "3days later", "1e3 seconds"]) expect(parseDuration(bad)).toBeNull();
  });

  it("turns times-since-request into successive waits", () => {
    expect(approvalSchedule(DEFAULT_APPROVAL_TIMING)).toEqual({ untilReminderMs: DAY, untilEscalationMs: 2 * DAY, untilExpiryMs: 4 * DAY, poReviewMs: 7 * DAY });
    expect(approvalSchedule({ remindAfter: "6 hours", escalateAfter: "1 day", expireAfter: "2 days", poReviewExpireAfter: "12 hours" })).toEqual({
      untilReminderMs: 6 * 3_600_000,
      untilEscalationMs: 18 * 3_600_000,
      untilExpiryMs: DAY,
      poReviewMs: 12 * 3_600_000,
    });
  });

  it("refuses stages out of order or unparseable, naming the field", () => {
    const err = (c: Partial<typeof DEFAULT_APPROVAL_TIMING>) => {
      try {
        approvalSchedule({ ...DEFAULT_APPROVAL_TIMING, ...c });
      } catch (e) {
        return e as DomainError;
      }
      throw new Error("expected a refusal");
    };
    expect(err({ escalateAfter: "1 day" }).details.field).toBe("escalateAfter");
    expect(err({ expireAfter: "3 days" }).details.field).toBe("expireAfter");
    expect(err({ remindAfter: "soon" })).toMatchObject({ code: "BAD_USER_INPUT", details: { field: "remindAfter" } });
    expect(err({ poReviewExpireAfter: "never" }).details.field).toBe("poReviewExpireAfter");
  });

  it("reads env vars with per-variable defaults; an out-of-order set falls back as a whole", () => {
    expect(readApprovalTiming({})).toEqual(DEFAULT_APPROVAL_TIMING);
    expect(readApprovalTiming({ ORDER_APPROVAL_REMIND_AFTER: "2 hours", ORDER_APPROVAL_ESCALATE_AFTER: "oops" })).toEqual({ ...DEFAULT_APPROVAL_TIMING, remindAfter: "2 hours" });
    expect(readApprovalTiming({ ORDER_APPROVAL_REMIND_AFTER: "5 days", ORDER_APPROVAL_ESCALATE_AFTER: "4 days" })).toEqual(DEFAULT_APPROVAL_TIMING);
    expect(readApprovalTiming({ ORDER_APPROVAL_EXPIRE_AFTER: "14 days", ORDER_APPROVAL_PO_REVIEW_EXPIRE_AFTER: "2 days" })).toEqual({
      ...DEFAULT_APPROVAL_TIMING,
      expireAfter: "14 days",
      poReviewExpireAfter: "2 days",
    });
  });
});
