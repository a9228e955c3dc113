/**
 * Fixed-window counting used by rate limits, promotion caps and velocity checks. Pure: the
 * Durable Object that owns a counter stores the state and passes the time in.
 */
export interface CounterState {
  count: number;
  /** epoch ms when the current window started; 0 for counters that never reset */
  windowStart: number;
}

export interface ConsumeRequest {
  amount: number;
  /** refuse when count + amount would exceed it; null = no limit */
  limit: number | null;
  /** window length in ms; null = lifetime counter */
  windowMs: number | null;
  nowMs: number;
}

export interface ConsumeResult {
  allowed: boolean;
  count: number;
  remaining: number | null;
  /** epoch ms when the window resets, null for lifetime counters */
  resetAt: number | null;
  state: CounterState;
}

export function consume(prev: CounterState | null, req: ConsumeRequest): ConsumeResult {
  let state: CounterState = prev ?? { count: 0, windowStart: req.windowMs ? req.nowMs : 0 };
  if (req.windowMs && req.nowMs >= state.windowStart + req.windowMs) state = { count: 0, windowStart: req.nowMs };
  const next = state.count + req.amount;
  const allowed = req.limit === null || next <= req.limit;
  const newState = allowed ? { ...state, count: Math.max(0, next) } : state;
  return {
    allowed,
    count: newState.count,
    remaining: req.limit === null ? null : Math.max(0, req.limit - newState.count),
    resetAt: req.windowMs ? newState.windowStart + req.windowMs : null,
    state: newState,
  };
}
