import { Worker } from 'node:worker_threads';

/**
 * A watchdog for long runs (`npm run fuzz`): the run calls {@link Watchdog.beat} after each
 * case; when no beat comes for `stallMs`, the watchdog prints what was running to stderr
 * and ends the process with status 1, so a hang fails loudly instead of sitting silent.
 *
 * It lives in a worker thread, so it fires whether the run is stuck awaiting (a request
 * never answered) or spinning (a loop that never ends): beats are a shared counter, the
 * message is written with a direct `write(2)`. A stuck await lets the main thread exit
 * with status 1; a spinning main thread cannot run that, so after `killAfterMs` more the
 * process is killed (SIGKILL).
 */
export interface Watchdog {
  /** A case finished: the run is alive. */
  beat(): void;
  /** What is running now, for the message (property, integration, seed ...). */
  doing(what: string): void;
  stop(): Promise<void>;
}

export interface WatchdogOptions {
  /** Time without a beat that counts as a hang. */
  readonly stallMs: number;
  /** Grace for the main thread to exit on its own before the process is killed. @default 5000 */
  readonly killAfterMs?: number;
  /** Names the run in the message. @default 'run' */
  readonly name?: string;
}

// Plain JavaScript a worker evaluates as is (as a script or a module: imports are dynamic).
const WORKER = `
(async () => {
const { parentPort, workerData } = await import('node:worker_threads');
const { writeSync } = await import('node:fs');
const { stallMs, killAfterMs, name, beats } = workerData;
const counter = new Int32Array(beats);
let seen = Atomics.load(counter, 0);
let since = Date.now();
let doing = 'starting';
parentPort.on('message', (what) => { doing = what; });
const timer = setInterval(() => {
  const now = Atomics.load(counter, 0);
  if (now !== seen) { seen = now; since = Date.now(); return; }
  if (Date.now() - since < stallMs) return;
  clearInterval(timer);
  writeSync(2, '\\n' + name + ' watchdog: no case finished in ' + ((Date.now() - since) / 1000).toFixed(1) + ' s, during ' + doing + ': hung, stopping with status 1\\n');
  parentPort.postMessage('stalled');
  setTimeout(() => {
    writeSync(2, name + ' watchdog: the main thread is busy (a loop that never ends?): killing the process\\n');
    process.kill(process.pid, 'SIGKILL');
  }, killAfterMs);
}, Math.max(10, Math.min(1000, stallMs / 4)));
})();
`;

export function startWatchdog(options: WatchdogOptions): Watchdog {
  const beats = new SharedArrayBuffer(4);
  const counter = new Int32Array(beats);
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { stallMs: options.stallMs, killAfterMs: options.killAfterMs ?? 5000, name: options.name ?? 'run', beats },
  });
  worker.on('message', () => process.exit(1));
  // The watchdog never keeps a finished run alive.
  worker.unref();
  return {
    beat: () => void Atomics.add(counter, 0, 1),
    doing: (what) => worker.postMessage(what),
    stop: async () => {
      await worker.terminate();
    },
  };
}
