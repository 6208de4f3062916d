// The floor ("read lines, split/parse, stringify a small object"): read each line with
// readline (Node's standard line reader), split it on spaces (AIX) or JSON.parse it (Tanium),
// JSON.stringify a small object and write it. Prints lines/s measured in-process.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
const [file, mode] = process.argv.slice(2);
const started = process.hrtime.bigint();
let lines = 0;
const rl = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
for await (const line of rl) {
  if (!line) continue;
  const value = mode === 'json' ? JSON.parse(line) : line.split(' ');
  process.stdout.write(`${JSON.stringify({ message: line, n: Array.isArray(value) ? value.length : 1 })}\n`);
  lines++;
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
process.stderr.write(`floor: ${lines} lines (${seconds.toFixed(2)} s, ${Math.round(lines / seconds)} lines/s)\n`);
