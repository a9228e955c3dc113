/**
 * `npm run bench:packing -- FILE.json`: packs every instance of a file in the format of
 * ../shared/notes/packing-benchmarks.md and prints one JSON line per instance
 * {name, bins, fill, ms, unpacked, support}. `--support=RATIO` sets the share of each item's base
 * that must be supported (default 0: no gravity rule, as in the academic benchmarks and binpackingjs;
 * the engine's own default is 0.75). (binpackingjs is not a dependency; its figures are in the notes.)
 */
import { readFileSync } from "node:fs";
import { packItems, type BoxTemplate, type PackItem } from "../shared/shipping/packing";

interface FileBox { id: string; w: number; h: number; d: number; maxWeight?: number | null; cost?: number; count?: number | null }
interface FileInstance { name: string; boxes: FileBox[]; items: PackItem[] }

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith("--"));
const support = Number(args.find((a) => a.startsWith("--support="))?.slice("--support=".length) ?? 0);
if (!file) {
  console.error("usage: npm run bench:packing -- FILE.json");
  process.exit(2);
}
const data = JSON.parse(readFileSync(file, "utf8")) as { instances: FileInstance[] };
for (const inst of data.instances) {
  const boxes: BoxTemplate[] = inst.boxes.map((b) => ({
    id: b.id, inner: { w: b.w, h: b.h, d: b.d }, maxWeight: b.maxWeight ?? null, cost: b.cost ?? 1, count: b.count ?? null,
  }));
  const t0 = performance.now();
  const res = packItems({ boxes, items: inst.items, options: { minSupportRatio: support } });
  const ms = performance.now() - t0;
  const boxed = res.packages.filter((p) => !p.oversize);
  const itemVol = boxed.reduce((s, p) => s + p.fillRatio * volOf(boxes, p.boxId), 0);
  const binVol = boxed.reduce((s, p) => s + volOf(boxes, p.boxId), 0);
  const unpacked = res.unpacked.length + res.packages.length - boxed.length;
  console.log(JSON.stringify({ name: inst.name, bins: boxed.length, fill: binVol ? Math.round((1e4 * itemVol) / binVol) / 1e4 : 0, ms: Math.round(ms * 100) / 100, unpacked, support }));
}

function volOf(boxes: BoxTemplate[], id: string | null): number {
  const b = boxes.find((x) => x.id === id);
  return b ? b.inner.w * b.inner.h * b.inner.d : 0;
}
