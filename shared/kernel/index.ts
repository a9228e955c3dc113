export * from "./money";
export * from "./errors";
export * from "./validation";
export * from "./principal";
export * from "./channel-context";
export * from "./clock";
export * from "./authorize";
export * from "./request-timings";
