import 'server-only';

const EMPTY = Buffer.alloc(0);

/**
 * A cheap test on a value's bytes: a non-null value that lacks any of `needles` and holds no `unless` byte is
 * screened out. What that proves about the value is the caller's business (record-filter.ts).
 */
export type ValueScreen = { needles: Buffer[]; unless: number };

/**
 * Where the next occurrence of each needle (and of the `unless` byte) is in one buffer, found once per stretch
 * rather than once per record: records come in buffer order, so a whole batch costs one pass per needle.
 */
export class ScreenState {
  private buf: Buffer = EMPTY;
  private readonly next: number[];
  private nextUnless = -1;

  constructor(private readonly screen: ValueScreen) {
    this.next = screen.needles.map(() => -1);
  }

  /** Whether the value at [start, end) of `buf` is screened out. */
  rulesOut(buf: Buffer, start: number, end: number): boolean {
    if (buf !== this.buf) {
      this.buf = buf;
      this.next.fill(-1);
      this.nextUnless = -1;
    }
    if (this.nextUnless !== Infinity && this.nextUnless < start) {
      const at = buf.indexOf(this.screen.unless, start);
      this.nextUnless = at < 0 ? Infinity : at;
    }
    if (this.nextUnless < end) return false;
    const needles = this.screen.needles;
    for (let i = 0; i < needles.length; i++) {
      let at = this.next[i];
      if (at !== Infinity && at < start) {
        const found = buf.indexOf(needles[i], start);
        at = this.next[i] = found < 0 ? Infinity : found;
      }
      if (at + needles[i].length > end) return true;
    }
    return false;
  }
}
