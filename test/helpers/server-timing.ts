/** A response's Server-Timing header as name → { dur (ms), desc } (tests and benchmarks read it). */
export function serverTiming(r: { headers: Headers }): Map<string, { dur: number; desc: string | null }> {
  const out = new Map<string, { dur: number; desc: string | null }>();
  for (const part of (r.headers.get("server-timing") ?? "").split(/,\s*/)) {
    const m = /^([\w-]+);dur=([\d.]+)(?:;desc="([^"]*)")?$/.exec(part);
    if (m) out.set(m[1]!, { dur: Number(m[2]), desc: m[3] ?? null });
  }
  return out;
}
