import { spawn } from 'node:child_process';
import { once } from 'node:events';

/**
 * Runs `node args` in a fresh process (stdout piped, stderr passed through) and returns the
 * JSON on its stdout line that starts with `tag` and a space: how the benches that need a
 * process of their own (a function's heap flags, nothing else loaded) get their figures back.
 * Throws with the end of stdout when the process fails or prints no such line; `what` names it.
 */
export async function figuresFromChild<T>(args: readonly string[], options: { readonly cwd?: string; readonly env?: NodeJS.ProcessEnv }, tag: string, what: string): Promise<T> {
  const child = spawn(process.execPath, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout!.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  const [code] = (await once(child, 'exit')) as [number | null];
  const prefix = `${tag} `;
  const line = stdout.split('\n').find((l) => l.startsWith(prefix));
  if (code !== 0 || !line) throw new Error(`${what} exited with ${code}: ${stdout.slice(-2000)}`);
  return JSON.parse(line.slice(prefix.length)) as T;
}
