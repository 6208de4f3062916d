import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import type { WriteStream } from 'node:tty';
import { describeIoFailure, FileAccessError, UsageError } from '../errors.ts';
import { maybeGunzip } from '../records/lines.ts';
import { addLineCounts, normalizeStream, rejectedLineRecord } from '../records/pipeline.ts';
import { ecsTimestamp } from '../ecs/time.ts';
import type { Integration, NormalizeContext } from '../integration.ts';
import { type CliOptions, parseCliArgs, usage } from './args.ts';
import { ProgressBar } from './progress.ts';

/** The streams the CLI talks to, injectable for tests. */
export interface CliIo {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** The clock (epoch ms): the `@timestamp` fallback of records without a time. @default Date.now */
  readonly now?: () => number;
}

interface Totals {
  lines: number;
  events: number;
  unparsed: number;
  rejected: number;
  blank: number;
  bytes: number;
}

async function write(stream: Writable, text: string | Uint8Array): Promise<void> {
  if (text.length > 0 && !stream.write(text)) await once(stream, 'drain');
}

/**
 * Files are read 256 KiB at a time, and normalized in batches of BATCH_BYTES (32 KiB). A read
 * is then in flight while eight batches are normalized, so the main thread does not wait for
 * one: with 32 KiB reads it sat idle for 2-4% of a run, and runs took about 10% longer.
 */
export const READ_BYTES = 256 * 1024;

/** Counts the bytes that pass, for the progress bar. */
async function* counted(source: AsyncIterable<Buffer>, totals: Totals): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    totals.bytes += chunk.length;
    yield chunk;
  }
}

async function checkFiles(files: readonly string[]): Promise<number | undefined> {
  let total = 0;
  for (const file of files) {
    if (file === '-') return undefined;
    try {
      const info = await stat(file);
      if (!info.isFile()) throw new UsageError(`${file}: not a regular file`);
      total += info.size;
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(`${file}: cannot read: ${describeIoFailure(error)}`);
    }
  }
  return total;
}

/** The input's bytes; a failure to read them (gunzip included) is a {@link FileAccessError} naming the file. */
async function* reading(name: string, source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  try {
    yield* source;
  } catch (error) {
    throw new FileAccessError(name, `cannot read: ${describeIoFailure(error)}`, { cause: error });
  }
}

/** A failure to write `path`, as the CLI reports it. */
function cannotWrite(path: string, error: unknown): FileAccessError {
  return new FileAccessError(path, `cannot write: ${describeIoFailure(error)}`, { cause: error });
}

/**
 * Where output goes: stdout, or the `--errors` file (opened before anything is read or
 * written, so that a bad path fails first). A failed write (a full disk) is a
 * {@link FileAccessError} naming it, at that write or, when the stream reports it later, at
 * the next write or at the end.
 */
class Output {
  private failure: unknown;
  private readonly onError = (error: unknown): void => {
    this.failure ??= error;
  };

  constructor(
    readonly path: string,
    private readonly stream: Writable,
  ) {
    stream.on('error', this.onError);
  }

  static async open(path: string): Promise<Output> {
    const stream = createWriteStream(path);
    try {
      await once(stream, 'open');
    } catch (error) {
      throw cannotWrite(path, error);
    }
    return new Output(path, stream);
  }

  /**
   * Runs `step` unless the stream failed already; a failure, of the step or reported by the
   * stream meanwhile, is thrown as a FileAccessError (the stream's own error first).
   */
  private async guarded(step: () => Promise<unknown>): Promise<void> {
    try {
      if (this.failure === undefined) await step();
    } catch (error) {
      throw cannotWrite(this.path, this.failure ?? error);
    }
    if (this.failure !== undefined) throw cannotWrite(this.path, this.failure);
  }

  write(text: string | Uint8Array): Promise<void> {
    return this.guarded(() => write(this.stream, text));
  }

  /**
   * Waits until what was written is written, and throws if it failed: for stdout, which is
   * not ended (as a socket, it reports a failure after the write that caused it returned).
   */
  flush(): Promise<void> {
    return this.guarded(() => new Promise<void>((resolve, reject) => this.stream.write('', (error) => (error ? reject(error) : resolve()))));
  }

  /** Stops listening to a stream this does not own (stdout). */
  detach(): void {
    this.stream.off('error', this.onError);
  }

  end(): Promise<void> {
    return this.guarded(() => {
      this.stream.end();
      return once(this.stream, 'finish');
    });
  }

  /** Closes the file after a failure elsewhere; never throws. */
  close(): void {
    this.stream.destroy();
  }
}

async function normalizeFiles(options: CliOptions, io: CliIo, totalBytes: number | undefined, totals: Totals): Promise<void> {
  const context: NormalizeContext = {
    timezone: options.timezone,
    receivedAt: ecsTimestamp((io.now ?? Date.now)()),
    auditprFields: options.auditprFields,
  };
  const terminal = io.stderr as Partial<WriteStream>;
  const errorsFile = options.errors === undefined ? undefined : await Output.open(options.errors);
  const stdout = new Output('stdout', io.stdout);
  const progress = options.progress && terminal.isTTY ? new ProgressBar(io.stderr as WriteStream, totalBytes) : undefined;
  try {
    await normalizeEach(options, io, stdout, context, totals, progress, errorsFile);
    await stdout.flush();
  } catch (error) {
    errorsFile?.close();
    throw error;
  } finally {
    stdout.detach();
    progress?.clear();
  }
  await errorsFile?.end();
}

async function normalizeEach(
  options: CliOptions,
  io: CliIo,
  stdout: Output,
  context: NormalizeContext,
  totals: Totals,
  progress: ProgressBar | undefined,
  errorsFile: Output | undefined,
): Promise<void> {
  for (const file of options.files) {
    const input = file === '-' ? io.stdin : createReadStream(file, { highWaterMark: READ_BYTES });
    const name = file === '-' ? 'stdin' : file;
    for await (const batch of normalizeStream(reading(name, maybeGunzip(counted(input, totals))), options.integration, context)) {
      addLineCounts(totals, batch);
      totals.rejected += batch.rejected.length;
      await stdout.write(batch.ndjson);
      if (batch.rejected.length > 0) {
        const text = batch.rejected.map((r) => `${JSON.stringify(rejectedLineRecord(r, { file: name }))}\n`).join('');
        if (errorsFile) {
          await errorsFile.write(text);
        } else {
          progress?.clear();
          await write(io.stderr, text);
        }
      }
      progress?.update(totals.bytes, totals.lines);
    }
  }
  progress?.update(totals.bytes, totals.lines, true);
}

/**
 * The command-line normalizer for `integrations` (the registry, passed by `bin/`).
 * Resolves to the exit status: 0 when every line was normalized, 1 when some were
 * rejected, 2 on a usage error, 3 when an input or output
 * file could not be read or written (after a one-line message and the summary of what
 * was done until then).
 */
export async function runCli(argv: readonly string[], io: CliIo, integrations: readonly Integration[]): Promise<number> {
  const started = Date.now();
  let options: CliOptions | undefined;
  let totalBytes: number | undefined;
  try {
    options = parseCliArgs(argv, integrations);
    if (!options) {
      await write(io.stdout, `${usage(integrations.map((i) => i.name))}\n`);
      return 0;
    }
    totalBytes = await checkFiles(options.files);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    await write(io.stderr, `normalize: ${error.message}\n\n${usage(integrations.map((i) => i.name))}\n`);
    return 2;
  }
  const totals: Totals = { lines: 0, events: 0, unparsed: 0, rejected: 0, blank: 0, bytes: 0 };
  let status: number | undefined;
  try {
    await normalizeFiles(options, io, totalBytes, totals);
  } catch (error) {
    if (!(error instanceof FileAccessError)) throw error;
    await write(io.stderr, `normalize: ${error.message}\n`);
    status = 3;
  }
  const seconds = (Date.now() - started) / 1000;
  const rate = Math.round(totals.lines / Math.max(seconds, 0.001)).toLocaleString('en-US');
  await write(
    io.stderr,
    `normalize: ${options.integration.name}: ${totals.lines} lines: ${totals.events} events, ${totals.unparsed} unparsed, ` +
      `${totals.rejected} rejected, ${totals.blank} blank (${seconds.toFixed(2)} s, ${rate} lines/s)\n`,
  );
  return status ?? (totals.rejected > 0 ? 1 : 0);
}
