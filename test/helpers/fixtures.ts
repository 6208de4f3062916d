import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { EcsEvent, NormalizeContext } from '../../lib/types.ts';

export const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));

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

/** Folders under test/fixtures/, one per integration. */
export function fixtureFolders(): string[] {
  return readdirSync(FIXTURES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** `[file name, path, fixture]` for each fixture of an integration, sorted by name. */
export function loadFixtures(integration: string): [string, string, Fixture][] {
  const dir = `${FIXTURES_DIR}${integration}/`;
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => [name, dir + name, JSON.parse(readFileSync(dir + name, 'utf8')) as Fixture]);
}
