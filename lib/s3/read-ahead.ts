/**
 * Reads a byte stream ahead of its consumer, up to `maxBytes` buffered, so that network
 * reads and gunzip (which runs on libuv's thread pool) go on while the main thread
 * normalizes the previous chunks, instead of each waiting for the other.
 *
 * An error of the source is thrown to the consumer after the chunks read before it.
 * When the consumer stops early, reading stops at the next chunk; the caller destroys
 * the underlying stream to release it at once.
 */
export async function* readAhead(source: AsyncIterable<Uint8Array>, maxBytes: number): AsyncGenerator<Uint8Array> {
  const queue: Uint8Array[] = [];
  let head = 0;
  let buffered = 0;
  let finished = false;
  let stopped = false;
  let failure: { error: unknown } | undefined;
  let wakeConsumer: (() => void) | undefined;
  let wakeProducer: (() => void) | undefined;

  const pump = async (): Promise<void> => {
    try {
      for await (const chunk of source) {
        queue.push(chunk);
        buffered += chunk.length;
        wakeConsumer?.();
        while (buffered >= maxBytes && !stopped) await new Promise<void>((resolve) => (wakeProducer = resolve));
        if (stopped) return;
      }
    } catch (error) {
      failure = { error };
    } finally {
      finished = true;
      wakeConsumer?.();
    }
  };
  void pump();

  try {
    for (;;) {
      if (head < queue.length) {
        const chunk = queue[head]!;
        queue[head++] = undefined as unknown as Uint8Array;
        if (head > 1024) {
          queue.splice(0, head);
          head = 0;
        }
        buffered -= chunk.length;
        if (buffered < maxBytes) wakeProducer?.();
        yield chunk;
        continue;
      }
      if (failure) throw failure.error;
      if (finished) return;
      await new Promise<void>((resolve) => (wakeConsumer = resolve));
      wakeConsumer = undefined;
    }
  } finally {
    stopped = true;
    wakeProducer?.();
  }
}
