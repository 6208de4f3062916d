import * as tails from './tails.ts';
import type { TailParser } from './tails.ts';

/**
 * The AIX event vocabulary as data: which field each of the three header columns goes to,
 * and how the tail is read. The reference normalization maps the columns differently per
 * event (a quirk kept for compatibility); events it does not know use auditpr's own
 * meaning of the columns (command, login user, real user).
 */
export interface AixEventSpec {
  /** ECS fields for the columns A, B, C between the event name and the status. */
  readonly columns: readonly [string, string, string];
  readonly tail: TailParser;
  /** False where the reference sets no `action.status` (PROC_LoadError). @default true */
  readonly status?: boolean;
}

const U_G_PU = ['user.name', 'group.name', 'process.user.name'] as const;
const P_G_PU = ['process.name', 'group.name', 'process.user.name'] as const;
const P_PU_G = ['process.name', 'process.user.name', 'group.name'] as const;
const P_U_G = ['process.name', 'user.name', 'group.name'] as const;

/** auditpr's columns: command, login user, real user. */
export const AUDITPR_COLUMNS = ['process.name', 'user.name', 'process.real_user.name'] as const;

export const DEFAULT_EVENT: AixEventSpec = { columns: AUDITPR_COLUMNS, tail: tails.nothing };

export const AIX_EVENTS: ReadonlyMap<string, AixEventSpec> = new Map<string, AixEventSpec>([
  ['FILE_Link', { columns: U_G_PU, tail: tails.fileLink }],
  ['FILE_Unlink', { columns: U_G_PU, tail: tails.fileName }],
  ['FILE_Rename', { columns: U_G_PU, tail: tails.fileRename }],
  ['FILE_Read', { columns: P_G_PU, tail: tails.fileRead }],
  ['FILE_Pipe', { columns: U_G_PU, tail: tails.nothing }],
  ['USER_Login', { columns: P_G_PU, tail: tails.userLogin }],
  ['TCP_klisten', { columns: U_G_PU, tail: tails.nothing }],
  ['TCP_kbind', { columns: U_G_PU, tail: tails.tcpBind }],
  ['TCP_kaccept', { columns: U_G_PU, tail: tails.tcpAccept }],
  ['FS_Chroot', { columns: P_G_PU, tail: tails.pathAfter('change root directory to: ', 'file.name') }],
  ['FS_Rmdir', { columns: P_G_PU, tail: tails.pathAfter('remove of directory: ', 'file.directory') }],
  ['FS_Mkdir', { columns: U_G_PU, tail: tails.makeDirectory }],
  ['PROC_Execute', { columns: P_G_PU, tail: tails.procExecute }],
  ['PROC_Kill', { columns: P_PU_G, tail: tails.pid }],
  ['PROC_LoadError', { columns: P_PU_G, tail: tails.nothing, status: false }],
  ['PROC_RealGID', { columns: P_PU_G, tail: tails.nothing }],
  ['PROC_SetUserIDs', { columns: P_PU_G, tail: tails.nothing }],
  ['PROC_SetGroups', { columns: P_PU_G, tail: tails.nothing }],
  ['PROC_Sysconfig', { columns: P_PU_G, tail: tails.nothing }],
  ['PROC_Adjtime', { columns: P_G_PU, tail: tails.nothing }],
  ['S_PASSWD_READ', { columns: U_G_PU, tail: tails.objectEvent }],
  ['S_USER_WRITE', { columns: P_U_G, tail: tails.objectEvent }],
  ['SRC_Start', { columns: P_PU_G, tail: tails.wholeTail }],
  ['SRC_Stop', { columns: P_PU_G, tail: tails.wholeTail }],
  ['AUD_It', { columns: U_G_PU, tail: tails.auditIt }],
  ['AUD_Proc', { columns: P_G_PU, tail: tails.pid }],
  ['CRON_Start', { columns: P_PU_G, tail: tails.cron }],
  ['CRON_Finish', { columns: P_PU_G, tail: tails.cron }],
]);
