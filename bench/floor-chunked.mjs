// A leaner floor than the issue asks for: split lines by chunk (no readline), split each on
// spaces (AIX) or JSON.parse it (Tanium), JSON.stringify a small object, write once per chunk.
// Prints lines/s in-process.
import { createReadStream } from 'node:fs';
import { once } from 'node:events';

const [file, mode] = process.argv.slice(2);
const started = process.hrtime.bigint();
let pending = '';
let lines = 0;
for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
  const parts = (pending + chunk).split('\n');
  pending = parts.pop();
  let out = '';
  for (const line of parts) {
    if (!line) continue;
    const value = mode === 'json' ? JSON.parse(line) : line.split(' ');
    out += `${JSON.stringify({ message: line, n: Array.isArray(value) ? value.length : 1 })}\n`;
    lines++;
  }
  if (!process.stdout.write(out)) await once(process.stdout, 'drain');
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
process.stderr.write(`floor: ${lines} lines (${seconds.toFixed(2)} s, ${Math.round(lines / seconds)} lines/s)\n`);
