import { PassThrough, Readable } from 'node:stream';
import { integrations } from '../../functions/registry.ts';
import { runCli } from '../../lib/cli/run.ts';

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with the given stdin and clock; `tty` makes stderr look like a terminal. */
export async function runCliInProcess(args: string[], stdin: string | Buffer, now: number, tty = false): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = Object.assign(new PassThrough(), tty ? { isTTY: true, columns: 120 } : {});
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const status = await runCli(args, { stdin: Readable.from([Buffer.from(stdin)]), stdout, stderr, now: () => now }, integrations);
  return { status, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
}
