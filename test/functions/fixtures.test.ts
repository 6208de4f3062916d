import { writeFileSync } from 'node:fs';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { integrationNames, integrations } from '../../functions/registry.ts';
import { conformanceProblems } from '../helpers/conformance.ts';
import { fixtureContext, fixtureFolders, loadFixtures } from '../helpers/fixtures.ts';

const UPDATE = process.env.UPDATE_FIXTURES === '1';

describe('Registry', () => {
  it('registers every folder under functions/ and nothing else', () => {
    const folders = readdirSync(fileURLToPath(new URL('../../functions/', import.meta.url)), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    expect([...integrationNames].sort()).toEqual(folders);
  });

  it('has fixtures for every integration and no fixtures for unknown ones', () => {
    expect(fixtureFolders()).toEqual([...integrationNames].sort());
    for (const name of integrationNames) expect(loadFixtures(name).length).toBeGreaterThan(0);
  });
});

for (const integration of integrations) {
  describe(`Fixtures: ${integration.name}`, () => {
    it.each(loadFixtures(integration.name))('%s conforms to the reference and matches its exact output', (_name, path, fixture) => {
      const actual = integration.normalize(fixture.input.message, fixtureContext(fixture));
      expect(conformanceProblems(fixture.expected, actual)).toEqual([]);
      if (UPDATE) {
        writeFileSync(path, `${JSON.stringify({ ...fixture, normalized: actual }, null, 2)}\n`);
        return;
      }
      expect(fixture.normalized, 'no exact output recorded: run UPDATE_FIXTURES=1 and review the diff').toBeDefined();
      expect(actual).toStrictEqual(fixture.normalized);
    });
  });
}
