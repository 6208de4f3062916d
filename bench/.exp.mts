import { readFileSync } from 'node:fs';
import { getIntegration } from '../functions/registry.ts';
import { normalizeRecord } from '../lib/records/record.ts';
const name = process.argv[2] ?? 'tanium';
const integ = getIntegration(name);
const lines = readFileSync(`bench/.corpus/${name}-200000.log`, 'utf8').split('\n').filter(Boolean).slice(0, 200000);
const ctx = { receivedAt: Date.now(), timezone: 'UTC' } as any;
const events = lines.map((l) => normalizeRecord(integ, l, ctx).event!);
for (let round = 0; round < 3; round++) {
  let t = performance.now();
  let n = 0;
  for (const e of events) n += JSON.stringify(e).length;
  const a = performance.now() - t;
  t = performance.now();
  let s = ''; let total = 0;
  for (let i = 0; i < events.length; i++) { s += `${JSON.stringify(events[i])}\n`; if (s.length > 330000) { total += Buffer.from(s).length; s = ''; } }
  total += Buffer.from(s).length;
  const b = performance.now() - t;
  t = performance.now();
  let buf = Buffer.allocUnsafe(1 << 20); let off = 0; total = 0;
  for (let i = 0; i < events.length; i++) { const j = JSON.stringify(events[i]); if (off + j.length * 3 + 1 > buf.length) { total += off; buf = Buffer.allocUnsafe(1 << 20); off = 0; } off += buf.latin1Slice ? buf.utf8Write(j, off) : 0; buf[off++] = 10; }
  const c = performance.now() - t;
  console.log(`stringify ${a.toFixed(0)} ms; +concat+Buffer.from ${b.toFixed(0)} ms; +utf8Write ${c.toFixed(0)} ms; n=${n}`);
}
