import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { NormalizeContext } from '../../lib/integration.ts';
import type { EcsEvent } from '../../lib/ecs/event.ts';

/** The integrations' folders; each keeps its fixtures in `fixtures/`, next to its parser. */
const FUNCTIONS_DIR = fileURLToPath(new URL('../../functions/', import.meta.url));

/** The fixtures folder of an integration: `functions/<integration>/fixtures/`. */
export function fixturesDir(integration: string): string {
  return `${FUNCTIONS_DIR}${integration}/fixtures/`;
}

/** A fixture file: a raw record and the event expected for it. */
export interface Fixture {
  readonly input: { readonly message: string; readonly timezone?: string; readonly receivedAt?: string };
  /** The reference event (Sekoia.io's): compared with the conformance rule. */
  readonly expected: EcsEvent;
  /** Our exact output for the input; regenerated with UPDATE_FIXTURES=1, then reviewed. */
  readonly normalized?: EcsEvent;
}

/** The time the fixtures pretend the pipeline received each record. */
export const RECEIVED_AT = '2026-01-02T03:04:05.678000Z';

export function fixtureContext(fixture: Fixture): NormalizeContext {
  return { timezone: fixture.input.timezone ?? 'UTC', receivedAt: fixture.input.receivedAt ?? RECEIVED_AT };
}

/** The integration folders (under functions/) that hold fixtures. */
export function fixtureFolders(): string[] {
  return readdirSync(FUNCTIONS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(fixturesDir(entry.name)))
    .map((entry) => entry.name)
    .sort();
}

/** `[file name, path, fixture]` for each fixture of an integration, sorted by name. */
export function loadFixtures(integration: string): [string, string, Fixture][] {
  const dir = fixturesDir(integration);
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => [name, dir + name, JSON.parse(readFileSync(dir + name, 'utf8')) as Fixture]);
}
