import { check, type Diagnostics } from 'recheck';
import { beforeAll, describe, expect, it } from 'vitest';
import { findRegexes, REGEX_ROOTS, type RegexSite } from '../../bench/redos.ts';

/**
 * Every regular expression in the code (lib/, functions/, bin/, infra/), found by parsing
 * the sources, so that a new one is checked without being listed, is checked by the
 * recheck ReDoS analyser and must be `safe` (linear or constant matching time).
 * `npm run bench` (bench/redos.ts) times each on its worst inputs at 10k/100k/1M characters.
 *
 * recheck's `auto` backend (RECHECK_BACKEND unset) runs its native binary
 * (`recheck-linux-x64` and siblings, optional dependencies) when one is installed for the
 * platform, else `java -jar` on recheck-jar, else a pure-JavaScript worker: slower, same verdicts.
 */

/**
 * Regexes known to be vulnerable, by file and pattern (line numbers move). Each is an
 * `it.fails`: when it is fixed the test fails, and the entry is to be removed.
 * - infra/context-options.ts EMAIL (the `alarmEmail` context option): quadratic on
 *   `a@` + `.a`×n + `.@`; `^[^\s@]+@[^\s@]+\.[^\s@.]+$` accepts the same addresses (except
 *   a trailing dot) in linear time. Only the operator sets it, at synth time.
 */
/** Patterns known to be vulnerable, each waiting for its fix (tested with it.fails). None today. */
const KNOWN_VULNERABLE = new Set<string>([]);

const { regexes, dynamic } = findRegexes();
const id = (site: RegexSite): string => `${site.file} /${site.source}/${site.flags}`;
const diagnostics = new Map<RegexSite, Diagnostics>();

beforeAll(async () => {
  // One analysis per distinct pattern; recheck's own time limit is 10 s each.
  const distinct = new Map<string, Promise<Diagnostics>>();
  for (const site of regexes) {
    const key = `/${site.source}/${site.flags}`;
    if (!distinct.has(key)) distinct.set(key, check(site.source, site.flags, { timeout: 30_000 }));
    diagnostics.set(site, await distinct.get(key)!);
  }
}, 300_000);

function verdict(site: RegexSite): string {
  const d = diagnostics.get(site)!;
  if (d.status === 'safe') return 'safe';
  if (d.status === 'vulnerable') return `vulnerable (${d.complexity.summary}), attack: ${d.attack.pattern}`;
  return `unknown (${d.error.kind}${'message' in d.error ? `: ${d.error.message}` : ''})`;
}

describe('Robustness: regular expressions are safe from ReDoS', () => {
  it(`finds the regexes of ${REGEX_ROOTS.join(', ')} in their sources`, () => {
    expect(regexes.length).toBeGreaterThan(30);
    expect(regexes.map(id)).toContain('lib/ecs/time.ts /^(\\d{4})-(\\d{2})-(\\d{2})[T ](\\d{2}):(\\d{2}):(\\d{2})(?:[.,](\\d{1,9}))?(Z|z|[+-]\\d{2}(?::?\\d{2})?)?$/');
    expect(regexes.some((r) => r.file.startsWith('functions/'))).toBe(true);
    expect(regexes.some((r) => r.file.startsWith('infra/'))).toBe(true);
  });

  it('builds no RegExp from something other than literals (it could not be checked)', () => {
    expect(dynamic).toStrictEqual([]);
  });

  it.each(regexes.filter((r) => !KNOWN_VULNERABLE.has(id(r))).map((r) => [`${r.file}:${r.line}`, `/${r.source}/${r.flags}`, r] as const))(
    '%s %s is safe',
    (_where, _pattern, site) => {
      expect(verdict(site)).toBe('safe');
    },
  );

  const known = regexes.filter((r) => KNOWN_VULNERABLE.has(id(r)));
  if (known.length > 0) it.fails.each(known.map((r) => [`${r.file}:${r.line}`, `/${r.source}/${r.flags}`, r] as const))(
    '%s %s is safe (known vulnerable)',
    (_where, _pattern, site) => {
      expect(verdict(site)).toBe('safe');
    },
  );
});
