/**
 * Where SamlesakFinder (engine/samlesak/) keeps what it finds (cases, problems) until the report
 * is written: items come in the order their evaluation ends, the report lists them by line. In
 * memory for the library and the API, which hold the claims anyway; on disk for the CLI
 * (spill-file.ts, here with the other machinery for files of millions of claims).
 */
export interface LineOrdered<T> {
  /** Items kept. */
  readonly length: number;
  push(line: number, item: T): void;
  /** Every item by line; those of one line in the order they came. */
  ordered(): Iterable<T>;
}

export class InMemory<T> implements LineOrdered<T> {
  private readonly items: { readonly line: number; readonly item: T }[] = [];

  get length(): number {
    return this.items.length;
  }

  push(line: number, item: T): void {
    this.items.push({ line, item });
  }

  *ordered(): Iterable<T> {
    // Array.prototype.sort is stable: one line's items keep their order.
    for (const { item } of [...this.items].sort((a, b) => a.line - b.line)) yield item;
  }
}
