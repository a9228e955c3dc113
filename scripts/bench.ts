/**
 * `npm run bench [-- NAME…] [--json]`: runs every test/bench/*.bench.ts suite's cases whose name
 * contains one of the NAMEs (all when none), printing a table, or one JSON object per figure with
 * --json. Benchmarks report; they assert nothing about time.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { BenchSuite, Figure } from "../test/bench/bench-kit";
import { ROOT } from "./lib/postgres";

const args = process.argv.slice(2);
const json = args.includes("--json");
const filters = args.filter((a) => !a.startsWith("--"));

const dir = join(ROOT, "test/bench");
const files = readdirSync(dir).filter((f) => f.endsWith(".bench.ts")).sort();
const rows: Figure[] = [];
for (const f of files) {
  const suite = (await import(pathToFileURL(join(dir, f)).href)).default as BenchSuite;
  for (const c of suite.cases) {
    if (filters.length > 0 && !filters.some((n) => c.name.includes(n))) continue;
    if (!json) process.stderr.write(`running ${c.name}…\n`);
    const figures = await c.run();
    for (const fig of figures) {
      rows.push(fig);
      if (json) console.log(JSON.stringify({ bench: fig.bench, metric: fig.metric, value: fig.value, unit: fig.unit, reference: fig.reference ?? null, ...(fig.goal ? { goal: fig.goal } : {}) }));
    }
  }
}

if (!json) {
  if (rows.length === 0) {
    console.log(filters.length ? `no benchmark matches ${filters.join(", ")}` : "no benchmarks");
  } else {
    const table = rows.map((r) => [r.bench, r.metric, `${r.value} ${r.unit}`, r.reference === undefined || r.reference === null ? "" : String(r.reference), r.goal ?? ""]);
    const head = ["bench", "metric", "value", "reference", "goal"];
    const widths = head.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ");
    console.log(line(head));
    console.log(widths.map((w) => "-".repeat(w)).join("  "));
    for (const r of table) console.log(line(r));
  }
}
