/**
 * The npm registry reachable from this workplace lacks some other-platform builds (e.g. rollup's
 * android/win32/musl binaries, workerd's darwin/windows builds). `npm install` then leaves them out
 * of package-lock.json and `npm ci` refuses the lock as out of sync. This adds each missing
 * optional platform package to the lock with its os/cpu/libc, so `npm ci` skips it on platforms it
 * does not fit, exactly as it would with a complete lock. Run after any `npm install` that changes
 * the lock: `node --import tsx scripts/lock-platform-stubs.ts`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const lockPath = join(root, "package-lock.json");
const lock = JSON.parse(readFileSync(lockPath, "utf8")) as { packages: Record<string, any> };

function platformOf(name: string): { os: string[]; cpu: string[]; libc?: string[] } | null {
  const n = name.toLowerCase();
  const os = /android/.test(n) ? "android" : /darwin/.test(n) ? "darwin" : /freebsd/.test(n) ? "freebsd" : /openbsd/.test(n) ? "openbsd" : /openharmony/.test(n) ? "openharmony" : /win32|windows/.test(n) ? "win32" : /linux/.test(n) ? "linux" : null;
  if (!os) return null;
  const cpu = /arm64|aarch64/.test(n) ? "arm64" : /arm-|armv7|gnueabihf|musleabihf|-arm$/.test(n) ? "arm" : /ia32/.test(n) ? "ia32" : /loong64/.test(n) ? "loong64" : /ppc64/.test(n) ? "ppc64" : /riscv64/.test(n) ? "riscv64" : /s390x/.test(n) ? "s390x" : /x64|-64$|x86_64/.test(n) ? "x64" : null;
  if (!cpu) return null;
  const libc = /musl/.test(n) ? ["musl"] : os === "linux" && /gnu/.test(n) ? ["glibc"] : undefined;
  return { os: [os], cpu: [cpu], ...(libc ? { libc } : {}) };
}

let added = 0;
for (const [path, pkg] of Object.entries(lock.packages)) {
  const optional = pkg.optionalDependencies as Record<string, string> | undefined;
  if (!optional) continue;
  const base = path === "" ? "node_modules/" : `${path}/node_modules/`;
  for (const [dep, version] of Object.entries(optional)) {
    const nested = `${base}${dep}`;
    const hoisted = `node_modules/${dep}`;
    const want = version.replace(/^[\^~]/, "");
    if (lock.packages[nested] || lock.packages[hoisted]?.version === want) continue;
    const platform = platformOf(dep);
    if (!platform) continue;
    // a different version already hoisted: this one lives under its dependant
    lock.packages[lock.packages[hoisted] ? nested : hoisted] = { version: want, dev: pkg.dev || undefined, optional: true, ...platform };
    added++;
  }
}
const sorted = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a < b ? -1 : a > b ? 1 : 0)));
lock.packages = sorted;
writeFileSync(lockPath, JSON.stringify(lock, null, 2) + "\n");
console.log(`added ${added} platform stub(s) to package-lock.json`);
