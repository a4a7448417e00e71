/** A set of whole numbers held as sorted, disjoint, non-adjacent ranges. */
export class RangeSet {
  readonly ranges: readonly (readonly [number, number])[];

  constructor(ranges: Iterable<readonly [number, number]>) {
    const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const [first, last] of sorted) {
      const top = merged.at(-1);
      if (top && first <= top[1] + 1) top[1] = Math.max(top[1], last);
      else merged.push([first, last]);
    }
    this.ranges = merged;
  }

  get size(): number {
    return this.ranges.reduce((n, [first, last]) => n + last - first + 1, 0);
  }

  has(i: number): boolean {
    let lo = 0;
    let hi = this.ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const [first, last] = this.ranges[mid]!;
      if (i < first) hi = mid - 1;
      else if (i > last) lo = mid + 1;
      else return true;
    }
    return false;
  }
}
