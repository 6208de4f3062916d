import { toId } from '../../lib/ecs/coerce.ts';
import type { EventBuilder } from '../../lib/ecs/event.ts';

const LEAD = 'from ';
const EXECUTED = ', is executed by user with id ';

/** What a privileged-command message says. */
interface PrivilegedCommand {
  readonly host: string;
  readonly commandLine: string;
  readonly userId: string | undefined;
}

/**
 * A privileged-command message (no audit header):
 * `from <host>: <anything> command <cmd>, is executed by user with id <id>`; undefined
 * when the line is not one.
 */
export function readPrivilegedCommand(line: string): PrivilegedCommand | undefined {
  const start = line.indexOf(LEAD);
  if (start < 0 || line.slice(0, start).trim() !== '') return undefined;
  const colon = line.indexOf(': ', start);
  const executed = line.lastIndexOf(EXECUTED);
  if (colon < 0 || executed < colon) return undefined;
  const command = line.indexOf(' command ', colon);
  if (command < 0 || command > executed) return undefined;
  return {
    host: line.slice(start + LEAD.length, colon).trim(),
    commandLine: line.slice(command + ' command '.length, executed),
    userId: toId(line.slice(executed + EXECUTED.length).trim().split(/\s/, 1)[0]),
  };
}

/** A privileged-command message → host.name, process.command_line, user.id. False when the line is not one. */
export function parsePrivilegedCommand(line: string, event: EventBuilder): boolean {
  const message = readPrivilegedCommand(line);
  if (message === undefined) return false;
  event.set('host.name', message.host);
  event.set('process.command_line', message.commandLine);
  event.set('user.id', message.userId);
  return true;
}
