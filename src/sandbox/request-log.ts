/**
 * The sandbox's record of the API requests it received (`GET /__admin/requests`): when each arrived,
 * what it was answered, the fault drawn, and for updates how many items it carried and how many the
 * store applied. Tests read it to check a client's pace (requests in any one-second window, a pause
 * after a 429) and what was sent twice. Never a header or a body: no credential is in it.
 *
 * Bounded: the latest `capacity` requests are kept; `dropped` counts the older ones let go.
 */
export interface LoggedRequest {
  /** Arrival, in milliseconds since the epoch. */
  at: number;
  method: string;
  path: string;
  /** The HTTP status answered, `cut` (the answer was lost midway) or `aborted` (the client went away first). */
  status: number | "cut" | "aborted";
  /** The fault injected, as the log line says it (`500`, `delay 50ms`, `cut`). */
  fault?: string;
  /** Items of an update the API processed: 1 for a single update, the batch's length for a batch. */
  items?: number;
  /** Of those, how many the store applied (answered with success). */
  applied?: number;
}

export const DEFAULT_REQUEST_LOG_SIZE = 100_000;

export class RequestLog {
  private readonly ring: LoggedRequest[] = [];
  private next = 0;
  private droppedCount = 0;

  constructor(private readonly capacity = DEFAULT_REQUEST_LOG_SIZE) {}

  add(entry: LoggedRequest): void {
    if (this.ring.length < this.capacity) {
      this.ring.push(entry);
      return;
    }
    this.ring[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
    this.droppedCount++;
  }

  /** The kept requests, oldest first. */
  entries(): LoggedRequest[] {
    return [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
  }

  get dropped(): number {
    return this.droppedCount;
  }

  clear(): void {
    this.ring.length = 0;
    this.next = 0;
    this.droppedCount = 0;
  }
}
