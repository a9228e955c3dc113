import type { ChannelContext } from "../channel-context";
import type { Principal } from "../principal";

/**
 * Services available to resolvers. Each domain adds its own entry by declaration merging in its
 * `index.ts` (`declare module "../kernel/graphql/context" { interface Services { … } }`), and
 * `workers/` builds the object per request. The kernel itself knows no domain.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Services {}

export type ApiName = "shop" | "admin";

export interface GraphQLContext {
  requestId: string;
  api: ApiName;
  channel: ChannelContext;
  principal: Principal;
  /** request time, passed to services so that pure logic never reads the clock */
  now: Date;
  /** two-letter country of the caller when known (request.cf.country) */
  country: string | null;
  services: Services;
}
