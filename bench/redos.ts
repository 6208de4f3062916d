import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

/**
 * Regular-expression safety. {@link findRegexes} lists every regular expression in the
 * code (literals, `new RegExp(...)`, `RegExp(...)`, and string patterns given to
 * `match`/`matchAll`/`search`), read with the TypeScript parser so that new ones are found
 * without a list to maintain; `test/robustness/redos.test.ts` checks each with the recheck
 * ReDoS analyser. {@link benchRedos} times each against its worst inputs (long runs of the
 * characters it repeats) at 10k, 100k and 1M characters, to show matching time grows
 * linearly: `npx tsx bench/redos.ts`, or `benchRedos` and `formatRedos` from `bench/run.ts`.
 * Not a test: timings vary.
 */

/** The folders whose code runs in production or at deploy time, and the local S3 server (dev/) that npm start runs. */
export const REGEX_ROOTS = ['lib', 'functions', 'bin', 'infra', 'dev'] as const;

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** One regular expression in the code. */
export interface RegexSite {
  /** Path from the repository root, and 1-based line. */
  readonly file: string;
  readonly line: number;
  readonly source: string;
  readonly flags: string;
}

/** A `RegExp` built from something other than string literals: it cannot be checked statically. */
export interface DynamicRegex {
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

function tsFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'cdk.out') files.push(...tsFiles(path));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
      files.push(path);
    }
  }
  return files.sort();
}

function literalText(node: ts.Node | undefined): string | undefined {
  return node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined;
}

/** Every regular expression under `roots` (relative to the repository root). */
export function findRegexes(roots: readonly string[] = REGEX_ROOTS, root = ROOT): { regexes: RegexSite[]; dynamic: DynamicRegex[] } {
  const regexes: RegexSite[] = [];
  const dynamic: DynamicRegex[] = [];
  for (const file of roots.flatMap((r) => tsFiles(join(root, r)))) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const where = (node: ts.Node): { file: string; line: number } => ({
      file: relative(root, file),
      line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1,
    });
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = node.getText(source);
        const end = text.lastIndexOf('/');
        regexes.push({ ...where(node), source: text.slice(1, end), flags: text.slice(end + 1) });
      } else if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === 'RegExp') {
        const [pattern, flags] = node.arguments ?? [];
        const patternText = literalText(pattern);
        const flagsText = flags === undefined ? '' : literalText(flags);
        if (patternText !== undefined && flagsText !== undefined) regexes.push({ ...where(node), source: patternText, flags: flagsText });
        else if (pattern && !ts.isRegularExpressionLiteral(pattern)) dynamic.push({ ...where(node), text: node.getText(source) });
      } else if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        ['match', 'matchAll', 'search'].includes(node.expression.name.text) &&
        literalText(node.arguments[0]) !== undefined
      ) {
        // `text.match('a+')` compiles its string argument into a RegExp.
        regexes.push({ ...where(node), source: literalText(node.arguments[0])!, flags: node.expression.name.text === 'matchAll' ? 'g' : '' });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { regexes, dynamic };
}

// ---------------------------------------------------------------------------------------
// Worst inputs, timed.
// ---------------------------------------------------------------------------------------

/** Characters that stand for each escape and class in a pattern: what its repetitions can consume. */
const CLASS_CHARS: Readonly<Record<string, string>> = { s: ' \t', S: 'a:', d: '0', D: 'a', w: 'a_0', W: ' :', b: 'a', B: 'a' };

/** The characters a pattern can repeat: its literal characters and representatives of its escapes and classes. */
export function patternCharacters(source: string): string[] {
  const chars = new Set<string>([' ', '\t', 'a', 'A', '0', ':', ',', '/', '\\', '"', '.', '-', 'é', '\u0000']);
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\' && i + 1 < source.length) {
      const e = source[++i]!;
      for (const r of CLASS_CHARS[e] ?? (/[a-zA-Z]/.test(e) ? '' : e)) chars.add(r);
    } else if (!'^$()[]{}|?*+'.includes(c)) {
      chars.add(c);
    }
  }
  return [...chars];
}

/** The literal text a pattern starts with (after `^`), for inputs that get past it. */
export function literalPrefix(source: string): string {
  let prefix = '';
  let i = source.startsWith('^') ? 1 : 0;
  for (; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\' && i + 1 < source.length && !/[a-zA-Z0-9]/.test(source[i + 1]!)) {
      prefix += source[++i];
    } else if ('^$()[]{}|?*+.\\'.includes(c)) {
      break;
    } else {
      prefix += c;
    }
  }
  // A quantifier after the last character applies to it alone: leave it out.
  return i < source.length && '?*+{'.includes(source[i]!) ? prefix.slice(0, -1) : prefix;
}

/** A family of inputs of any size: a description and a builder. */
interface InputShape {
  readonly description: string;
  build(size: number): string;
}

const shown = (text: string): string => JSON.stringify(text).slice(1, -1);

/**
 * Inputs that make a backtracking matcher work hardest: long runs of each character the
 * pattern repeats, after its literal prefix or after one of its literal characters (so
 * that the match gets going), ended by nothing or by a character that makes it fail.
 */
function shapes(site: RegexSite, attack?: AttackPattern): InputShape[] {
  const prefix = literalPrefix(site.source);
  const chars = patternCharacters(site.source);
  const literals = [...new Set(site.source.replace(/\\./g, '').replace(/[\^$()[\]{}|?*+.]/g, ''))];
  const out: InputShape[] = [];
  for (const c of chars) {
    for (const end of ['', '\u0000', ' ', '\n']) {
      out.push({ description: `"${shown(c)}"×n + "${shown(end)}"`, build: (n) => c.repeat(n - end.length) + end });
      if (prefix) out.push({ description: `"${shown(prefix)}" + "${shown(c)}"×n + "${shown(end)}"`, build: (n) => prefix + c.repeat(Math.max(0, n - prefix.length - end.length)) + end });
      for (const l of literals) {
        if (l !== c) out.push({ description: `"a${shown(l)}" + "${shown(c)}a"×n/2 + "${shown(end)}"`, build: (n) => `a${l}${`${c}a`.repeat(Math.max(0, (n - 2 - end.length) >> 1))}${end}` });
      }
    }
    if (c !== ' ') out.push({ description: `"${shown(c)} "×n/2`, build: (n) => `${c} `.repeat(n >> 1) });
  }
  if (prefix.length > 1) out.push({ description: `"${shown(prefix)}"×n/${prefix.length}`, build: (n) => prefix.repeat(Math.ceil(n / prefix.length)).slice(0, n) });
  if (attack && attack.pumps.length > 0) {
    // recheck's own attack string: prefix + pump×k (+ further pumps) + suffix.
    out.push({
      description: `recheck attack ${attack.pattern.length > 40 ? `${attack.pattern.slice(0, 37)}...` : attack.pattern}`,
      build: (n) => {
        const unit = attack.pumps.reduce((sum, p) => sum + p.prefix.length + p.pump.length, 0) || 1;
        const k = Math.max(1, Math.floor((n - attack.suffix.length) / unit));
        return attack.pumps.map((p) => p.prefix + p.pump.repeat(k)).join('') + attack.suffix;
      },
    });
  }
  return out;
}

/** Runs the regex over the whole input, as the code's uses do (every match for a global regex). */
function run(regex: RegExp, input: string): void {
  regex.lastIndex = 0;
  if (regex.global) input.replace(regex, '');
  else regex.exec(input);
}

function time(regex: RegExp, input: string, repeats: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < repeats; r++) {
    const started = performance.now();
    run(regex, input);
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

/** The timings of one regex on its worst input shape. */
export interface RedosFigures {
  readonly site: RegexSite;
  /** recheck's verdict: `safe`, `vulnerable` or `unknown`. */
  readonly verdict: string;
  /** The input shape that took longest (chosen at 2,000 then 20,000 characters). */
  readonly input: string;
  /** Best-of-3 ms at each size; undefined where a smaller size already took over a second. */
  readonly ms: readonly { readonly size: number; readonly ms: number | undefined }[];
  /** ms at 1M / ms at 100k: about 10 when matching time is linear (100 if quadratic); undefined when not measured. */
  readonly growth: number | undefined;
}

export const REDOS_SIZES = [10_000, 100_000, 1_000_000] as const;

/** recheck's attack pattern (the subset used here). */
interface AttackPattern {
  readonly pumps: readonly { readonly prefix: string; readonly pump: string }[];
  readonly suffix: string;
  readonly pattern: string;
}

/**
 * Times every regex of the code on its worst input shape at 10k, 100k and 1M characters
 * (the worst shape is picked at 2,000 then 20,000 characters, where even a quadratic one is quick).
 * recheck is asked for each verdict, and for an attack string when one is vulnerable.
 */
export async function benchRedos(sites: readonly RegexSite[] = findRegexes().regexes): Promise<RedosFigures[]> {
  const { check } = await import('recheck');
  const figures: RedosFigures[] = [];
  for (const site of sites) {
    const diagnostics = await check(site.source, site.flags);
    const attack = diagnostics.status === 'vulnerable' ? diagnostics.attack : undefined;
    const regex = new RegExp(site.source, site.flags);
    // The five slowest shapes at 2,000 characters, then the slowest of them at 20,000:
    // timings of microseconds are too noisy to pick from directly.
    const ranked = shapes(site, attack)
      .map((shape) => ({ shape, ms: time(regex, shape.build(2_000), 2) }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 5)
      .map(({ shape }) => ({ shape, ms: time(regex, shape.build(20_000), 2) }))
      .sort((a, b) => b.ms - a.ms);
    const worst = ranked[0]!.shape;
    let tooSlow = false;
    const ms = REDOS_SIZES.map((size) => {
      if (tooSlow) return { size, ms: undefined };
      const taken = time(regex, worst.build(size), size >= 1_000_000 ? 3 : 5);
      tooSlow = taken > 1000;
      return { size, ms: taken };
    });
    const [, at100k, at1M] = ms.map((m) => m.ms);
    // Under a microsecond or so, timings are noise: growth is taken from a floor.
    const growth = at100k === undefined || at1M === undefined ? undefined : Math.max(at1M, 0.002) / Math.max(at100k, 0.002);
    figures.push({ site, verdict: diagnostics.status, input: worst.description, ms, growth });
  }
  return figures;
}

/** One line per regex: where, the pattern, recheck's verdict, its worst input and the times. */
export function formatRedos(figures: readonly RedosFigures[]): string[] {
  const size = (n: number): string => (n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`);
  return figures.map((f) => {
    const pattern = `/${f.site.source}/${f.site.flags}`;
    const times = f.ms.map(({ size: n, ms }) => `${size(n)} ${ms === undefined ? '   (skipped)' : `${ms.toFixed(3).padStart(9)} ms`}`).join(' | ');
    const growth = f.growth === undefined ? 'superlinear' : `×${f.growth.toFixed(1)}`;
    return `  ${`${f.site.file}:${f.site.line}`.padEnd(38)} ${(pattern.length > 48 ? `${pattern.slice(0, 45)}...` : pattern).padEnd(48)} ${f.verdict.padEnd(10)} ${f.input.padEnd(44)} ${times}  1M/100k ${growth}`;
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { regexes, dynamic } = findRegexes();
  console.log(`ReDoS: ${regexes.length} regular expressions in ${REGEX_ROOTS.join('/, ')}/, recheck's verdict, each on its worst input (best of 3-5); linear time grows ×10 from 100k to 1M`);
  for (const line of formatRedos(await benchRedos(regexes))) console.log(line);
  for (const d of dynamic) console.log(`  ${d.file}:${d.line} built at run time, not checked: ${d.text}`);
}
