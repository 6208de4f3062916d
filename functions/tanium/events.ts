import * as map from './mappers.ts';
import type { TaniumEventSpec } from './types.ts';

/** The Tanium event types as data: ECS categorization and the mapper of each. */
export const TANIUM_EVENTS: ReadonlyMap<string, TaniumEventSpec> = new Map<string, TaniumEventSpec>([
  ['network_accept', { category: 'network', type: 'allowed', map: map.network }],
  ['network_connect', { category: 'network', type: 'start', map: map.network }],
  ['network_disconnect', { category: 'network', type: 'end', map: map.network }],
  ['file_create', { category: 'file', type: 'creation', map: map.file }],
  ['file_open', { category: 'file', type: 'info', action: 'file-open', map: map.file }],
  ['file_delete', { category: 'file', type: 'deletion', map: map.file }],
  ['file_move', { category: 'file', type: 'change', action: 'file-move', map: map.file }],
  ['file_permission_change', { category: 'file', type: 'change', action: 'file-permission-change', map: map.file }],
  ['process_start', { category: 'process', type: 'start', map: map.processStart }],
  ['registry_create', { category: 'registry', type: 'creation', map: map.registry }],
  ['registry_set', { category: 'registry', type: 'change', map: map.registry }],
  ['dns_event', { map: map.dns }],
]);

export const UNKNOWN_EVENT: TaniumEventSpec = { map: map.none };
