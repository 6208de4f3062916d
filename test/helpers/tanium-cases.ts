import { expect, it } from 'vitest';
import { tanium } from '../../functions/tanium/integration.ts';
import type { NormalizeContext } from '../../lib/integration.ts';
import type { EcsEvent } from '../../lib/ecs/event.ts';
import { conformanceProblems } from './conformance.ts';
import { CONTEXT, taniumEvent, type Flat } from './expected.ts';

/** Normalizes a Tanium record; every field of the output must be an ECS or custom field of its type. */
export function normalizeTanium(record: string, context: NormalizeContext = CONTEXT): EcsEvent {
  const event = tanium.normalize(record, context);
  expect(conformanceProblems({}, event)).toStrictEqual([]);
  return event;
}

/** A named record and the fields its event has beyond the constant ones (`taniumEvent`) and `message`. */
export type TaniumCase = [name: string, record: object, fields: Flat];

/** One test per case: the record, written as JSON, normalizes to exactly the expected event. */
export function expectTaniumCases(cases: TaniumCase[]): void {
  it.each(cases)('normalizes %s', (_name, record, fields) => {
    const message = JSON.stringify(record);
    expect(normalizeTanium(message)).toStrictEqual(taniumEvent({ message, ...fields }));
  });
}
