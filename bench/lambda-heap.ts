/**
 * The heap flags Lambda's Node.js bootstrap passes on node's command line for a function of
 * `memoryMb` (as copies of it in public repositories show; NODE_OPTIONS cannot override them):
 * a tenth of the memory for the young generation, the rest for the old. V8 rounds the semi-space
 * up to a power of two, so a 1024 MB function gets a 128 MiB young generation, which is most of
 * the S3 path's peak RSS.
 */
export function lambdaHeapFlags(memoryMb: number): string[] {
  const young = Math.floor(memoryMb / 10);
  return [`--max-semi-space-size=${Math.floor(young / 2)}`, `--max-old-space-size=${memoryMb - young}`];
}
