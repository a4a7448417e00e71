/**
 * Progress of an import. On a terminal: one line, redrawn in place (items/s, counts, percent and ETA
 * when the input size is known). Elsewhere (a pipe, a log file, CI): a plain line every
 * `intervalMs` (default 2 s) when something changed. Written to stderr by the CLI, so stdout holds
 * only the summary.
 */
export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface ProgressState {
  /** Items whose outcome this run knows. */
  done: number;
  accepted: number;
  rejected: number;
  failed: number;
  /** Items skipped because the journal covers them. */
  skipped: number;
  /** Bytes of the input read so far, and its size when known. */
  bytesRead: number;
  totalBytes: number | undefined;
}

export class ProgressReporter {
  private state: ProgressState = { done: 0, accepted: 0, rejected: 0, failed: 0, skipped: 0, bytesRead: 0, totalBytes: undefined };
  private timer: ReturnType<typeof setInterval> | undefined;
  private last = "";
  private drawn = false;
  /** When sending started (after the skipped items), and how many bytes were read then. */
  private startedAt: number | undefined;
  private startBytes = 0;
  private readonly started = Date.now();

  constructor(
    private readonly out: ProgressOutput,
    private readonly intervalMs = out.isTTY ? 250 : 2000,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.draw(), this.intervalMs);
    this.timer.unref();
  }

  update(patch: Partial<ProgressState>): void {
    Object.assign(this.state, patch);
  }

  /** Call when the first item to send is read: rates and ETA count from here. */
  sending(): void {
    if (this.startedAt !== undefined) return;
    this.startedAt = Date.now();
    this.startBytes = this.state.bytesRead;
  }

  /** Stops; on a terminal, clears the line. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.out.isTTY && this.drawn) this.out.write("\r\x1b[K");
  }

  /** The progress line. */
  line(now = Date.now()): string {
    const s = this.state;
    const seconds = (now - (this.startedAt ?? this.started)) / 1000;
    const parts = [`${n(s.done)} items`];
    if (seconds > 0 && s.done > 0) parts.push(`${n(Math.round(s.done / seconds))}/s`);
    parts.push(`accepted ${n(s.accepted)}`, `rejected ${n(s.rejected)}`, `failed ${n(s.failed)}`);
    if (s.skipped > 0) parts.push(`skipped ${n(s.skipped)} (journal)`);
    if (s.totalBytes !== undefined && s.totalBytes > 0) {
      parts.push(`${Math.min(100, Math.floor((100 * s.bytesRead) / s.totalBytes))}%`);
      const sent = s.bytesRead - this.startBytes;
      if (this.startedAt !== undefined && sent > 0 && seconds > 0) parts.push(`ETA ${duration((s.totalBytes - s.bytesRead) / (sent / seconds))}`);
    }
    return parts.join("  ");
  }

  private draw(): void {
    const text = this.line();
    const s = this.state;
    const key = `${s.done} ${s.skipped} ${s.bytesRead}`;
    if (this.out.isTTY) {
      this.out.write(`\r\x1b[K${text}`);
      this.drawn = true;
    } else if (key !== this.last) {
      this.out.write(`${text}\n`);
    }
    this.last = key;
  }
}

/** 75 → "1:15", 3725 → "1:02:05". */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const two = (n: number) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${two(m)}:${two(s % 60)}` : `${m}:${two(s % 60)}`;
}

const n = (value: number) => value.toLocaleString("en-US");
