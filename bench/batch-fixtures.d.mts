export declare function syntheticProfile(i: number): Record<string, unknown>;
export declare function cycled(count: number, distinct?: number): Generator<Record<string, unknown>>;
export declare function altcraftServer(marker: string, delayMs?: number): (request: Request) => Promise<Response>;
