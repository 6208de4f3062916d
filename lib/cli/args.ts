import { parseArgs, type ParseArgsConfig } from 'node:util';
import { auditprFieldLetters, auditprFieldsProblem } from '../auditpr-fields.ts';
import { CONFIG_DEFAULTS, timezoneProblem } from '../lambda/config.ts';
import { UsageError } from '../errors.ts';
import { findIntegration } from '../integration.ts';
import type { Integration } from '../integration.ts';

/** The help text, listing the integrations the CLI was built with. */
export function usage(names: readonly string[]): string {
  return `usage: npm run --silent normalize -- <integration> [file ...] [options]

Normalizes log records into ECS JSON: one event per non-blank input line on stdout, in
input order. Files may be plain or gzip (detected by content); no file or "-" reads stdin.

integrations: ${names.join(', ')}

options:
  --errors FILE      write rejected lines (JSON, one per line) to FILE instead of stderr
  --timezone ZONE    IANA timezone of AIX header times (default: UTC)
  --auditpr-fields LETTERS
                     the auditpr -h letters of AIX records (elRtcp or e,l,R,t,c,p);
                     default: the layout is found per record
  --no-progress      never draw the progress bar (drawn only when stderr is a terminal)
  -h, --help         show this help

exit status: 0 every line normalized, 1 some lines rejected, 2 usage error,
  3 an input or output file could not be read or written`;
}

export interface CliOptions {
  readonly integration: Integration;
  /** Input paths; '-' is stdin. */
  readonly files: readonly string[];
  readonly errors: string | undefined;
  readonly timezone: string;
  /** The auditpr -h letters, plain; undefined = detect per record. */
  readonly auditprFields: string | undefined;
  readonly progress: boolean;
}

/** Strict parsing of a command's options and positionals; an unknown or malformed option throws `UsageError`. */
export function parseCommandLine<O extends NonNullable<ParseArgsConfig['options']>>(argv: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...argv], allowPositionals: true, strict: true, options });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Parses the command line; throws `UsageError` with a message for the user. Undefined for --help. */
export function parseCliArgs(argv: readonly string[], integrations: readonly Integration[]): CliOptions | undefined {
  const parsed = parseCommandLine(argv, {
    errors: { type: 'string' },
    timezone: { type: 'string', default: 'UTC' },
    'auditpr-fields': { type: 'string' },
    'no-progress': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (parsed.values.help) return undefined;
  const [name, ...files] = parsed.positionals;
  if (name === undefined) throw new UsageError(`missing integration; valid integrations: ${integrations.map((i) => i.name).join(', ')}`);
  const timezone = parsed.values.timezone ?? CONFIG_DEFAULTS.timezone;
  const problem = timezoneProblem(timezone);
  if (problem !== undefined) throw new UsageError(`--timezone: ${problem}`);
  const auditprFields = parsed.values['auditpr-fields'];
  const fieldsProblem = auditprFields === undefined ? undefined : auditprFieldsProblem(auditprFields);
  if (fieldsProblem !== undefined) throw new UsageError(`--auditpr-fields: ${fieldsProblem}`);
  let integration: Integration;
  try {
    integration = findIntegration(integrations, name);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return {
    integration,
    files: files.length > 0 ? files : ['-'],
    errors: parsed.values.errors,
    timezone,
    auditprFields: auditprFields === undefined ? undefined : auditprFieldLetters(auditprFields.trim()),
    progress: !parsed.values['no-progress'],
  };
}
