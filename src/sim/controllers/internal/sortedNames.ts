/**
 * A set of names kept in code-unit order (what `a < b` sorts by), updated as an informer adds and
 * deletes objects, so a controller that walks every node in name order does not sort the list at each
 * sync. Insertion and removal cost a binary search and one array shift.
 */
export class SortedNames {
  private readonly names: string[] = [];
  private readonly members = new Set<string>();

  get size(): number {
    return this.names.length;
  }

  has(name: string): boolean {
    return this.members.has(name);
  }

  add(name: string): void {
    if (this.members.has(name)) return;
    this.members.add(name);
    this.names.splice(this.lowerBound(name), 0, name);
  }

  delete(name: string): void {
    if (!this.members.delete(name)) return;
    this.names.splice(this.lowerBound(name), 1);
  }

  /** The names in order; the array is live, so do not change the set while walking it. */
  ordered(): readonly string[] {
    return this.names;
  }

  /** The first index whose name is not below `name`. */
  private lowerBound(name: string): number {
    let lo = 0;
    let hi = this.names.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.names[mid]! < name) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
