export * from "./inventory.tables";
export * from "./allocate-stock";
export * from "./inventory.repository";
