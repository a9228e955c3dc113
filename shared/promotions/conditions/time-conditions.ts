/**
 * Calendar conditions. "Now" comes from the context (never the clock) and is read in the rule's
 * time zone, so "Friday" and "09:00" mean the merchant's Friday and 09:00.
 */
import { z } from "zod";
import { defineCondition, type ConditionDefinition } from "../operations";

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", weekday: "short",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;

export interface ZonedTime {
  year: number;
  month: number;
  day: number;
  /** 0 = Sunday */
  weekday: number;
  hour: number;
  minute: number;
}

// Intl formatting is slow next to everything else a rule check does, and every calendar
// condition of one evaluation asks about the same instant: remember the last answer per zone.
const lastByZone = new Map<string, { ms: number; t: ZonedTime }>();

export function zonedTime(ms: number, timeZone: string): ZonedTime {
  const last = lastByZone.get(timeZone);
  if (last && last.ms === ms) return last.t;
  const t = computeZonedTime(ms, timeZone);
  if (lastByZone.size > 64) lastByZone.clear();
  lastByZone.set(timeZone, { ms, t });
  return t;
}

function computeZonedTime(ms: number, timeZone: string): ZonedTime {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(ms)) parts[p.type] = p.value;
  return {
    year: Number(parts.year), month: Number(parts.month), day: Number(parts.day),
    weekday: WEEKDAYS.indexOf((parts.weekday ?? "").toLowerCase().slice(0, 3) as (typeof WEEKDAYS)[number]),
    hour: Number(parts.hour) % 24, minute: Number(parts.minute),
  };
}

const timeZoneSchema = z
  .string()
  .default("UTC")
  .refine((tz) => {
    try {
      formatter(tz);
      return true;
    } catch {
      return false;
    }
  }, "unknown time zone");

const dayEntry = z.union([
  z.number().int().min(0).max(6),
  z.string().transform((s, ctx) => {
    const i = WEEKDAYS.indexOf(s.trim().toLowerCase().slice(0, 3) as (typeof WEEKDAYS)[number]);
    if (i < 0) ctx.addIssue({ code: "custom", message: `unknown day "${s}"` });
    return i;
  }),
]);

const hhmm = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expected HH:MM (00:00–23:59)")
  .transform((s) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3)));
const mmdd = z
  .string()
  .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, "expected MM-DD")
  .transform((s) => Number(s.slice(0, 2)) * 100 + Number(s.slice(3)));
const isoDate = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, "expected YYYY-MM-DD");

/** from ≤ v ≤ to, or, when the window wraps (from > to), v ≥ from or v ≤ to. */
function inWrappingWindow(v: number, from: number, to: number, toInclusive: boolean): boolean {
  const beforeEnd = toInclusive ? v <= to : v < to;
  return from <= to ? v >= from && beforeEnd : v >= from || beforeEnd;
}

const pad = (n: number) => String(n).padStart(2, "0");

export const timeConditions: ConditionDefinition[] = [
  defineCondition({
    code: "day_of_week",
    description: "Today, in the given time zone, is one of the listed days (0 = Sunday or names like \"fri\")",
    schema: z.object({ days: z.array(dayEntry).min(1), timezone: timeZoneSchema }).strict(),
    evaluate: (c, cart) => c.days.includes(zonedTime(cart.nowMs, c.timezone).weekday),
  }),
  defineCondition({
    code: "time_of_day",
    description: "The local time is in [from, to) (HH:MM); a window with from > to spans midnight",
    schema: z
      .object({ from: hhmm, to: hhmm, timezone: timeZoneSchema })
      .strict()
      .refine((c) => c.from !== c.to, { message: "from and to must differ", path: ["to"] }),
    evaluate: (c, cart) => {
      const t = zonedTime(cart.nowMs, c.timezone);
      return inWrappingWindow(t.hour * 60 + t.minute, c.from, c.to, false);
    },
  }),
  defineCondition({
    code: "seasonal_window",
    description: "Every year between from and to inclusive (MM-DD, local date); may span new year",
    schema: z.object({ from: mmdd, to: mmdd, timezone: timeZoneSchema }).strict(),
    evaluate: (c, cart) => {
      const t = zonedTime(cart.nowMs, c.timezone);
      return inWrappingWindow(t.month * 100 + t.day, c.from, c.to, true);
    },
  }),
  defineCondition({
    code: "blackout_dates",
    description: "Passes except on the listed local dates (YYYY-MM-DD)",
    schema: z.object({ dates: z.array(isoDate).min(1), timezone: timeZoneSchema }).strict(),
    evaluate: (c, cart) => {
      const t = zonedTime(cart.nowMs, c.timezone);
      return !c.dates.includes(`${t.year}-${pad(t.month)}-${pad(t.day)}`);
    },
  }),
];
