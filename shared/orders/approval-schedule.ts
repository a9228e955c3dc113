/**
 * When the approval Workflow reminds, escalates and gives up. Configured as durations from the
 * moment approval was requested ("1 day", "3 days", "7 days"); the Workflow waits for the
 * differences between them. Pure.
 */
import { badInput } from "../kernel/errors";
import type { ApprovalTimingConfig } from "./approval.ports";

const UNIT_MS: Record<string, number> = {
  millisecond: 1,
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 604_800_000,
};

export const DEFAULT_APPROVAL_TIMING: Readonly<ApprovalTimingConfig> = Object.freeze({
  remindAfter: "1 day",
  escalateAfter: "3 days",
  expireAfter: "7 days",
  poReviewExpireAfter: "7 days",
});

/** "3 days" / "1 hour" / "90 seconds" → milliseconds; null when it is not such a duration. */
export function parseDuration(text: string): number | null {
  const m = /^\s*(\d+)\s*(millisecond|second|minute|hour|day|week)s?\s*$/i.exec(text);
  if (!m) return null;
  const n = Number(m[1]);
  const ms = n * UNIT_MS[m[2]!.toLowerCase()]!;
  return Number.isSafeInteger(ms) && ms > 0 ? ms : null;
}

export interface ApprovalSchedule {
  /** wait for a decision this long before the first reminder */
  untilReminderMs: number;
  /** then this long more before escalating */
  untilEscalationMs: number;
  /** then this long more before the order is cancelled */
  untilExpiryMs: number;
  /** an approved order waits this long for PO review */
  poReviewMs: number;
}

/** Refuses a configuration whose stages are not in order (remind < escalate < expire). */
export function approvalSchedule(config: ApprovalTimingConfig): ApprovalSchedule {
  const ms = (field: keyof ApprovalTimingConfig) => {
    const v = parseDuration(config[field]);
    if (v === null) throw badInput(`${field} must be a duration like "3 days", got "${config[field]}"`, field);
    return v;
  };
  const remind = ms("remindAfter");
  const escalate = ms("escalateAfter");
  const expire = ms("expireAfter");
  if (escalate <= remind) throw badInput("escalateAfter must be later than remindAfter", "escalateAfter");
  if (expire <= escalate) throw badInput("expireAfter must be later than escalateAfter", "expireAfter");
  return { untilReminderMs: remind, untilEscalationMs: escalate - remind, untilExpiryMs: expire - escalate, poReviewMs: ms("poReviewExpireAfter") };
}

/**
 * The timing from loosely typed settings (environment variables): each missing or malformed value
 * falls back to its default, and an out-of-order set falls back as a whole, so a typo in a
 * variable never stops approvals from starting.
 */
export function readApprovalTiming(vars: Readonly<Record<string, string | undefined>>): ApprovalTimingConfig {
  const pick = (name: string, fallback: string) => {
    const v = vars[name];
    return v !== undefined && parseDuration(v) !== null ? v.trim() : fallback;
  };
  const timing: ApprovalTimingConfig = {
    remindAfter: pick("ORDER_APPROVAL_REMIND_AFTER", DEFAULT_APPROVAL_TIMING.remindAfter),
    escalateAfter: pick("ORDER_APPROVAL_ESCALATE_AFTER", DEFAULT_APPROVAL_TIMING.escalateAfter),
    expireAfter: pick("ORDER_APPROVAL_EXPIRE_AFTER", DEFAULT_APPROVAL_TIMING.expireAfter),
    poReviewExpireAfter: pick("ORDER_APPROVAL_PO_REVIEW_EXPIRE_AFTER", DEFAULT_APPROVAL_TIMING.poReviewExpireAfter),
  };
  try {
    approvalSchedule(timing);
    return timing;
  } catch {
    return { ...DEFAULT_APPROVAL_TIMING };
  }
}
