import * as enrich from './enrich.ts';
import * as map from './mappers.ts';
import type { TaniumEventSpec } from './types.ts';

/**
 * The Tanium event types as data: the reference's ECS categorization and mapper of each,
 * and the enrichment that adds fields beyond the reference's.
 */
export const TANIUM_EVENTS: ReadonlyMap<string, TaniumEventSpec> = new Map<string, TaniumEventSpec>([
  ['network_accept', { category: 'network', type: 'allowed', map: map.network, enrich: enrich.processUser }],
  ['network_connect', { category: 'network', type: 'start', map: map.network, enrich: enrich.processUser }],
  ['network_disconnect', { category: 'network', type: 'end', map: map.network, enrich: enrich.processUser }],
  ['file_create', { category: 'file', type: 'creation', map: map.file, enrich: enrich.processUser }],
  ['file_open', { category: 'file', type: 'info', action: 'file-open', map: map.file, enrich: enrich.processUser }],
  ['file_delete', { category: 'file', type: 'deletion', map: map.file, enrich: enrich.processUser }],
  ['file_move', { category: 'file', type: 'change', action: 'file-move', map: map.file, enrich: enrich.fileMove }],
  ['file_permission_change', { category: 'file', type: 'change', action: 'file-permission-change', map: map.file, enrich: enrich.processUser }],
  ['process_start', { category: 'process', type: 'start', map: map.processStart, enrich: enrich.processStart }],
  ['registry_create', { category: 'registry', type: 'creation', map: map.registry, enrich: enrich.registry }],
  ['registry_set', { category: 'registry', type: 'change', map: map.registry, enrich: enrich.registry }],
  ['dns_event', { map: map.dns, enrich: enrich.dns }],
]);

export const UNKNOWN_EVENT: TaniumEventSpec = { map: map.none, enrich: enrich.unknown };
