import { spawn, type ChildProcess, type StdioOptions } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "./postgres";

/** `wrangler dev` on the Node that runs this script, with the Hyperdrive binding pointed at `databaseUrl`. */
export function spawnWranglerDev(opts: {
  databaseUrl: string;
  port: number;
  host?: string;
  persistTo: string;
  logLevel?: string;
  extraArgs?: string[];
  stdio?: StdioOptions;
  /**
   * What the bundle's `process.env.NODE_ENV` becomes. wrangler dev defaults to "development" and
   * `wrangler deploy` to "production"; libraries branch on it (graphql-js checks every `instanceOf`
   * the slow, cross-realm way in development), so benchmarks ask for "production" to measure the
   * code that is deployed, and `npm start` keeps development's clearer errors.
   */
  nodeEnv?: "development" | "production";
}): ChildProcess {
  return spawn(
    process.execPath,
    [
      join(ROOT, "node_modules/wrangler/bin/wrangler.js"),
      "dev",
      "--port",
      String(opts.port),
      "--ip",
      opts.host ?? "127.0.0.1",
      "--persist-to",
      opts.persistTo,
      "--show-interactive-dev-session=false",
      "--log-level",
      opts.logLevel ?? "warn",
      ...(opts.extraArgs ?? []),
    ],
    {
      cwd: ROOT,
      stdio: opts.stdio ?? ["ignore", "inherit", "inherit"],
      env: {
        ...process.env,
        CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: opts.databaseUrl,
        // without internet the runtime would try (and fail) to fetch request.cf on every start
        CLOUDFLARE_CF_FETCH_ENABLED: process.env.CLOUDFLARE_CF_FETCH_ENABLED ?? "false",
        WRANGLER_SEND_METRICS: "false",
        ...(opts.nodeEnv ? { NODE_ENV: opts.nodeEnv } : {}),
      },
    },
  );
}
