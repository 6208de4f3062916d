import * as more from './added-types.ts';
import * as enrich from './enrich.ts';
import * as map from './mappers.ts';
import type { TaniumEventSpec } from './types.ts';

/**
 * The Tanium recorder event types as data: the reference's 12 with their ECS
 * categorization and mapper, and the enrichment that adds fields beyond the reference's;
 * then the types the reference does not know, with our own mapper and the Tanium ids (`more.ids`).
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
  // Beyond the reference.
  ['file_write', { category: 'file', type: 'change', action: 'file-write', map: map.file, enrich: more.added(more.fileHashes) }],
  ['file_read', { category: 'file', type: 'access', action: 'file-read', map: map.file, enrich: more.added(more.fileHashes) }],
  ['process_end', { category: 'process', type: 'end', action: 'process-end', map: more.processEnd, enrich: more.ids }],
  ['process_stop', { category: 'process', type: 'end', action: 'process-stop', map: more.processEnd, enrich: more.ids }],
  ['image_load', { category: 'library', type: 'start', action: 'image-load', map: more.imageLoad, enrich: more.ids }],
  ['dns_query', { category: 'network', type: 'protocol', action: 'dns-query', map: map.dns, enrich: more.added(enrich.dns) }],
  ['registry_key_create', { category: 'registry', type: 'creation', action: 'registry-key-create', map: more.registryChange, enrich: more.ids }],
  ['registry_key_delete', { category: 'registry', type: 'deletion', action: 'registry-key-delete', map: more.registryChange, enrich: more.ids }],
  ['registry_value_create', { category: 'registry', type: 'creation', action: 'registry-value-create', map: more.registryChange, enrich: more.ids }],
  ['registry_value_set', { category: 'registry', type: 'change', action: 'registry-value-set', map: more.registryChange, enrich: more.ids }],
  ['registry_value_delete', { category: 'registry', type: 'deletion', action: 'registry-value-delete', map: more.registryChange, enrich: more.ids }],
  ['registry_delete', { category: 'registry', type: 'deletion', action: 'registry-delete', map: more.registryChange, enrich: more.ids }],
  ['logon', { category: 'authentication', type: 'start', action: 'logon', map: more.session, enrich: more.ids }],
  ['logoff', { category: 'authentication', type: 'end', action: 'logoff', map: more.session, enrich: more.ids }],
]);

export const UNKNOWN_EVENT: TaniumEventSpec = { map: map.none, enrich: enrich.unknown };
