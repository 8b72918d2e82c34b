/**
 * The KIC lottery: weights and tiers, the seeded draw, the allocation, registration, odds and
 * verify. Pure TypeScript, no I/O. See `README.md` for the specification.
 *
 * @module
 */
export type * from "./types.ts";
export * from "./hash.ts";
export * from "./digest.ts";
export * from "./from_secret.ts";
export * from "./beacon.ts";
export * from "./weights_and_tiers.ts";
export * from "./order.ts";
export * from "./allocate.ts";
export * from "./outcomes.ts";
export * from "./amend.ts";
export * from "./chain.ts";
export * from "./limits.ts";
export * from "./draw.ts";
export * from "./record.ts";
export * from "./verify.ts";
export * from "./registration/mod.ts";
export * from "./odds.ts";
