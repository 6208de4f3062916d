/**
 * Splits indexes into calls of at most `maxRecords` records and `maxBytes` bytes, keeping
 * input order.
 */
export function planBatches(sizes: readonly number[], indexes: readonly number[], maxRecords: number, maxBytes: number): number[][] {
  const batches: number[][] = [];
  let current: number[] = [];
  let bytes = 0;
  for (const index of indexes) {
    const size = sizes[index]!;
    if (current.length > 0 && (current.length >= maxRecords || bytes + size > maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(index);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
