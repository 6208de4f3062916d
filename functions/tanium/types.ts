import type { EventBuilder } from '../../lib/ecs/event.ts';

/** A JSON object of a record, read only through `field()` (own keys only). */
export type JsonObject = Readonly<Record<string, unknown>>;

/** The `fields` object of a Tanium recorder event. */
export type TaniumFields = JsonObject;

/** Sets the fields one Tanium event type maps. */
export type TaniumMapper = (fields: TaniumFields, event: EventBuilder) => void;

/** How one Tanium event type is normalized. */
export interface TaniumEventSpec {
  readonly category?: string;
  readonly type?: string;
  readonly action?: string;
  /** The reference's mapping (for a type the reference does not know, the type's own). */
  readonly map: TaniumMapper;
  /** Fields beyond the reference's, run after `map`: they only fill what it left empty. */
  readonly enrich?: TaniumMapper;
}
