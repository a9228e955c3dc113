import type { ChannelsService } from "./channels.service";

export { channels, type ChannelRow } from "./channels.tables";
export { ChannelsService, UnknownChannelError } from "./channels.service";
export { createChannelSchema, updateChannelSchema, DEFAULT_STRATEGIES } from "./channel.schema";
export { ChannelType } from "./channels.graphql";

declare module "../kernel/graphql/context" {
  interface Services {
    channels: ChannelsService;
  }
}
