export * from "./order-process.schema";
export * from "./order-operations";
export * from "./order-process";
export * from "./default-processes";
