import type { EcsEvent } from './ecs/event.ts';
import { UnknownIntegrationError } from './errors.ts';

/** What a normalizer needs besides the raw record; time reaches it here so tests can pin it. */
export interface NormalizeContext {
  /** IANA timezone that AIX header times are written in. */
  readonly timezone: string;
  /**
   * When the pipeline received the record, as an ECS timestamp
   * (`YYYY-MM-DDTHH:MM:SS.ffffffZ`); the `@timestamp` fallback.
   */
  readonly receivedAt: string;
  /**
   * AIX `auditpr -h` field letters the records were printed with (e.g. `elRtcp`); unset =
   * detect per record. From env `AIX_AUDITPR_FIELDS`, CLI `--auditpr-fields`, CDK context
   * `auditprFields`.
   */
  readonly auditprFields?: string;
}

/** How physical lines make records, for sources whose records span lines. */
export interface RecordFraming {
  /** 'start' begins a record; 'continuation' belongs to the record before it;
   *  'heading' is not a record (a title or separator line): skipped and counted like a blank line. */
  classify(line: string): 'start' | 'continuation' | 'heading';
  /** True when a one-line record directly followed by the 'heading' line `heading` is that
   *  heading's preamble (AIX `auditpr -m` message) rather than a record: it is skipped too. */
  isPreamble?(line: string, heading: string): boolean;
}

/** One log source. Everything else (CLI, handlers, CDK) iterates over the registry of these. */
export interface Integration {
  /** Folder name under `functions/`, S3 prefix, CLI argument: `ibm-aix`, `tanium`. */
  readonly name: string;
  /** Human-readable source name, for docs and logs. */
  readonly title: string;
  /**
   * Pure and synchronous: one raw record (no line terminator; the lines of a multi-line
   * record joined with `\n`) to one event. Throws `RecordRejectedError` when the record
   * cannot be normalized. An event it could not parse the layout of carries `error.message`
   * and a tag: the pipeline counts it as unparsed.
   */
  normalize(record: string, context: NormalizeContext): EcsEvent;
  /** How lines group into records; without it, one line is one record. */
  readonly framing?: RecordFraming;
}

/** The integration called `name` among `integrations`. @throws UnknownIntegrationError naming the valid ones. */
export function findIntegration(integrations: readonly Integration[], name: string): Integration {
  const found = integrations.find((i) => i.name === name);
  if (!found) throw new UnknownIntegrationError(name, integrations.map((i) => i.name));
  return found;
}
