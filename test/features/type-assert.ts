// Compile-time assertions for the features' types.ts files (checked by `tsc -p tsconfig.generated.json`).

/** True when A and B are the same type (not merely assignable to each other). */
export type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** Compiles only when given `true`: `assertType<Equal<A, B>>()`. */
export function assertType<T extends true>(): T | void {}
