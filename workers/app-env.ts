import type { ChannelContext } from "../shared/kernel/channel-context";
import type { Principal } from "../shared/kernel/principal";
import type { RequestDeps } from "./request-deps";

export type AppEnv = {
  Bindings: Env;
  Variables: {
    requestId: string;
    deps: RequestDeps;
    channel: ChannelContext;
    principal: Principal;
  };
};
