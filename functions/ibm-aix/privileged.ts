import { toId } from '../../lib/coerce.ts';
import type { EventBuilder } from '../../lib/event.ts';

const LEAD = 'from ';
const EXECUTED = ', is executed by user with id ';

/**
 * A privileged-command message (no audit header):
 * `from <host>: <anything> command <cmd>, is executed by user with id <id>`
 * → host.name, process.command_line, user.id. False when the line is not one.
 */
export function parsePrivilegedCommand(line: string, event: EventBuilder): boolean {
  const start = line.indexOf(LEAD);
  if (start < 0 || line.slice(0, start).trim() !== '') return false;
  const colon = line.indexOf(': ', start);
  const executed = line.lastIndexOf(EXECUTED);
  if (colon < 0 || executed < colon) return false;
  const command = line.indexOf(' command ', colon);
  if (command < 0 || command > executed) return false;
  event.set('host.name', line.slice(start + LEAD.length, colon).trim());
  event.set('process.command_line', line.slice(command + ' command '.length, executed));
  event.set('user.id', toId(line.slice(executed + EXECUTED.length).trim().split(/\s/, 1)[0]));
  return true;
}
