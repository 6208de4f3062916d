import * as audit from './audit-tails.ts';
import * as tails from './tails.ts';
import type { TailParser } from './tails.ts';

/**
 * The AIX event vocabulary as data: for each event name, the ECS `event.type`, how the
 * tail is read and, for the events the reference normalization parses, which field each of
 * the three header columns goes to.
 *
 * auditpr's columns are command, login user, real user. Every event gets those meanings
 * (process.name, user.name, process.real_user.name) for the fields still empty after its
 * mapping. The reference maps the columns differently per event (a quirk kept for
 * compatibility): its events carry `columns`, which are applied first and so keep their
 * values, and their tail parsers read the tail exactly as it arrived. Other events' tails
 * are read from their first line, rsyslog escapes understood (see escapes.ts).
 */
export interface AixEventSpec {
  /** Reference events only: the ECS fields of the columns A, B, C (the reference's quirk). */
  readonly columns?: readonly [string, string, string];
  readonly tail: TailParser;
  /**
   * Reference events only: fields beyond the reference's from the tail, read from its first
   * line (rsyslog escapes understood) and set only where still empty.
   */
  readonly extraTail?: TailParser;
  /** ECS `event.type` values; left out when undefined (events outside the table). */
  readonly type?: readonly string[];
  /** False where the reference sets no `action.status` (PROC_LoadError). @default true */
  readonly status?: boolean;
  /**
   * False where `user.name` must not come from the login column: on USER_Login it is the
   * user logging in, which only the tail gives (the column is the login daemon's). @default true
   */
  readonly loginIsUser?: boolean;
}

const U_G_PU = ['user.name', 'group.name', 'process.user.name'] as const;
const P_G_PU = ['process.name', 'group.name', 'process.user.name'] as const;
const P_PU_G = ['process.name', 'process.user.name', 'group.name'] as const;
const P_U_G = ['process.name', 'user.name', 'group.name'] as const;

/** auditpr's columns: command, login user, real user. */
export const AUDITPR_COLUMNS = ['process.name', 'user.name', 'process.real_user.name'] as const;

/** ECS event.type values (the reference sets event.category to ["process"] for every AIX event). */
const START = ['start'];
const END = ['end'];
const CHANGE = ['change'];
const CREATION = ['creation'];
const DELETION = ['deletion'];
const ACCESS = ['access'];
const INFO = ['info'];
const ERROR = ['error'];
const ADMIN = ['admin'];
const INSTALLATION = ['installation'];
const USER_CHANGE = ['user', 'change'];
const USER_CREATION = ['user', 'creation'];
const USER_DELETION = ['user', 'deletion'];
const USER_INFO = ['user', 'info'];
const GROUP_CHANGE = ['group', 'change'];
const GROUP_CREATION = ['group', 'creation'];
const GROUP_DELETION = ['group', 'deletion'];
const CONNECTION = ['connection'];
const CONNECTION_START = ['connection', 'start'];
const CONNECTION_END = ['connection', 'end'];

/** Events outside the table: auditpr's columns, no tail fields, no event.type. */
export const DEFAULT_EVENT: AixEventSpec = { tail: tails.nothing };

const N = tails.nothing;
const REMOTE_DESTINATION = audit.remotePeer('destination');
const REMOTE_SOURCE = audit.remotePeer('source');

type Row = [name: string, type: readonly string[], tail: TailParser];

/** The events the reference parses, with its column mapping and tail fields. */
const REFERENCE: [name: string, spec: AixEventSpec][] = [
  ['FILE_Link', { columns: U_G_PU, tail: tails.fileLink, type: CREATION }],
  ['FILE_Unlink', { columns: U_G_PU, tail: tails.fileName, type: DELETION }],
  ['FILE_Rename', { columns: U_G_PU, tail: tails.fileRename, type: CHANGE }],
  ['FILE_Read', { columns: P_G_PU, tail: tails.fileRead, type: ACCESS }],
  ['FILE_Pipe', { columns: U_G_PU, tail: N, type: CREATION }],
  ['USER_Login', { columns: P_G_PU, tail: tails.userLogin, type: START, loginIsUser: false }],
  ['TCP_klisten', { columns: U_G_PU, tail: N, type: INFO }],
  ['TCP_kbind', { columns: U_G_PU, tail: tails.tcpBind, type: INFO }],
  ['TCP_kaccept', { columns: U_G_PU, tail: tails.tcpAccept, type: CONNECTION_START }],
  ['FS_Chroot', { columns: P_G_PU, tail: tails.pathAfter('change root directory to: ', 'file.name'), type: CHANGE }],
  ['FS_Rmdir', { columns: P_G_PU, tail: tails.pathAfter('remove of directory: ', 'file.directory'), type: DELETION }],
  ['FS_Mkdir', { columns: U_G_PU, tail: tails.makeDirectory, type: CREATION }],
  ['PROC_Execute', { columns: P_G_PU, tail: tails.procExecute, type: START }],
  ['PROC_Kill', { columns: P_PU_G, tail: tails.pid, type: INFO }],
  ['PROC_LoadError', { columns: P_PU_G, tail: N, type: ERROR, status: false }],
  ['PROC_RealGID', { columns: P_PU_G, tail: N, type: CHANGE }],
  ['PROC_SetUserIDs', { columns: P_PU_G, tail: N, type: CHANGE }],
  ['PROC_SetGroups', { columns: P_PU_G, tail: N, type: CHANGE }],
  ['PROC_Sysconfig', { columns: P_PU_G, tail: N, type: CHANGE }],
  ['PROC_Adjtime', { columns: P_G_PU, tail: N, type: CHANGE }],
  ['S_PASSWD_READ', { columns: U_G_PU, tail: tails.objectEvent, type: ACCESS }],
  ['S_USER_WRITE', { columns: P_U_G, tail: tails.objectEvent, type: CHANGE }],
  ['SRC_Start', { columns: P_PU_G, tail: tails.wholeTail, extraTail: audit.subsystem, type: START }],
  ['SRC_Stop', { columns: P_PU_G, tail: tails.wholeTail, extraTail: audit.subsystem, type: END }],
  ['AUD_It', { columns: U_G_PU, tail: tails.auditIt, type: CHANGE }],
  ['AUD_Proc', { columns: P_G_PU, tail: tails.pid, type: CHANGE }],
  ['CRON_Start', { columns: P_PU_G, tail: tails.cron, type: START }],
  ['CRON_Finish', { columns: P_PU_G, tail: tails.cron, type: END }],
];

/** The rest of the AIX base events (auditpr's columns), grouped as in the events file. */
const AUDITPR: Row[] = [
  // Processes
  ['PROC_Create', START, audit.childProcess('forked child process ')],
  ['PROC_Delete', END, audit.childProcess('exited child process ')],
  ['PROC_RealUID', CHANGE, N],
  ['PROC_AuditID', CHANGE, N],
  ['PROC_SetRoles', CHANGE, N],
  ['PROC_Environ', CHANGE, N],
  ['PROC_SetSignal', CHANGE, N],
  ['PROC_Limits', CHANGE, N],
  ['PROC_SetPri', CHANGE, N],
  ['PROC_Setpri', CHANGE, N],
  ['PROC_Privilege', CHANGE, N],
  ['PROC_Settimer', CHANGE, N],
  ['PROC_Debug', ACCESS, N],
  ['PROC_setpgid', CHANGE, N],
  ['PROC_Load', INFO, audit.loadModule],
  ['PROC_LoadMember', INFO, audit.loadModule],
  // Files
  ['FILE_Open', ACCESS, audit.filePath],
  ['FILE_Write', CHANGE, audit.filePath],
  ['FILE_Close', INFO, audit.filePath],
  ['FILE_Owner', CHANGE, audit.fileOwner],
  ['FILE_Fchown', CHANGE, audit.fileOwner],
  ['FILE_Mode', CHANGE, audit.fileMode],
  ['FILE_Fchmod', CHANGE, audit.fileMode],
  ['FILE_Mknod', CREATION, audit.fileMode],
  ['FILE_Truncate', CHANGE, audit.filePath],
  ['FILE_Symlink', CREATION, N],
  ['FILE_Dupfd', INFO, N],
  ['FILE_Utimes', CHANGE, audit.filePath],
  ['FILE_Stat', ACCESS, audit.filePath],
  ['FILE_Accessx', ACCESS, audit.filePath],
  ['FILE_StatAcl', ACCESS, audit.filePath],
  ['FILE_Acl', CHANGE, audit.filePath],
  ['FILE_Facl', CHANGE, N],
  ['FILE_Privilege', CHANGE, audit.filePath],
  ['FILE_Chpriv', CHANGE, audit.filePath],
  ['FILE_Fchpriv', CHANGE, N],
  ['FILE_Revoke', CHANGE, audit.filePath],
  ['FILE_Frevoke', CHANGE, N],
  // File systems
  ['FS_Chdir', CHANGE, audit.changeDirectory],
  ['FS_Fchdir', CHANGE, N],
  ['FS_Fchroot', CHANGE, N],
  ['FS_Mount', START, audit.mount],
  ['FS_Umount', END, audit.mount],
  ['FS_Extend', CHANGE, N],
  // Users, groups, passwords, roles, terminals
  ['USER_SU', START, audit.targetUser],
  ['USER_Logout', END, N],
  ['USER_Exit', END, N],
  ['USER_Shell', START, N],
  ['USER_Reboot', INFO, N],
  ['USER_Check', USER_INFO, audit.targetUser],
  ['USER_Change', USER_CHANGE, audit.targetUser],
  ['USER_Create', USER_CREATION, audit.targetUser],
  ['USER_Remove', USER_DELETION, audit.targetUser],
  ['USER_Locked', USER_CHANGE, audit.targetUser],
  ['USER_SetGroups', USER_CHANGE, audit.targetUser],
  ['USER_SetEnv', USER_CHANGE, audit.targetUser],
  ['GROUP_Create', GROUP_CREATION, audit.targetGroup],
  ['GROUP_Change', GROUP_CHANGE, audit.targetGroup],
  ['GROUP_Remove', GROUP_DELETION, audit.targetGroup],
  ['GROUP_User', GROUP_CHANGE, audit.targetGroup],
  ['GROUP_Adms', GROUP_CHANGE, audit.targetGroup],
  ['PASSWORD_Change', USER_CHANGE, audit.targetUser],
  ['PASSWORD_Flags', USER_CHANGE, audit.targetUser],
  ['PASSWORD_Check', USER_INFO, audit.targetUser],
  ['PASSWORD_Ckerr', USER_INFO, audit.targetUser],
  ['ROLE_Create', CREATION, N],
  ['ROLE_Change', CHANGE, N],
  ['ROLE_Remove', DELETION, N],
  ['AUTH_Create', CREATION, N],
  ['AUTH_Change', CHANGE, N],
  ['AUTH_Remove', DELETION, N],
  ['TERM_Logout', END, N],
  ['PORT_Locked', CHANGE, N],
  ['PORT_Change', CHANGE, N],
  // Audit and accounting configuration
  ['AUD_Bin_Def', CHANGE, N],
  ['AUD_Events', CHANGE, N],
  ['AUD_Objects', CHANGE, N],
  ['AUD_Lock', CHANGE, N],
  ['AUD_Mode', CHANGE, N],
  ['ACCT_Disable', CHANGE, N],
  ['ACCT_Enable', CHANGE, N],
  // Audited objects (/etc/security/audit/objects)
  ['S_ENVIRON_WRITE', CHANGE, audit.filePath],
  ['S_GROUP_WRITE', CHANGE, audit.filePath],
  ['S_LIMITS_WRITE', CHANGE, audit.filePath],
  ['S_LOGIN_WRITE', CHANGE, audit.filePath],
  ['S_PASSWD_WRITE', CHANGE, audit.filePath],
  ['AUD_CONFIG_WR', CHANGE, audit.filePath],
  // System Resource Controller
  ['SRC_Addssys', CREATION, audit.subsystem],
  ['SRC_Chssys', CHANGE, audit.subsystem],
  ['SRC_Delssys', DELETION, audit.subsystem],
  ['SRC_Addserver', CREATION, audit.subsystem],
  ['SRC_Chserver', CHANGE, audit.subsystem],
  ['SRC_Delserver', DELETION, audit.subsystem],
  // at and cron jobs
  ['AT_JobAdd', CREATION, audit.job],
  ['AT_JobRemove', DELETION, audit.job],
  ['CRON_JobAdd', CREATION, audit.job],
  ['CRON_JobRemove', DELETION, audit.job],
  // Devices, software, system configuration
  ['DEV_Configure', CHANGE, N],
  ['DEV_Change', CHANGE, N],
  ['DEV_Create', CREATION, N],
  ['DEV_Remove', DELETION, N],
  ['DEV_Start', START, N],
  ['DEV_Stop', END, N],
  ['DEV_Unconfigure', CHANGE, N],
  ['INSTALLP_Inst', INSTALLATION, N],
  ['INSTALLP_Exec', INSTALLATION, N],
  ['SYSCK_Check', INFO, N],
  ['SYSCK_Update', CHANGE, N],
  ['SYSCK_Install', INSTALLATION, N],
  ['SYSCK_Delete', DELETION, N],
  ['TCBCK_Check', INFO, N],
  ['TCBCK_Update', CHANGE, N],
  ['TCBCK_Delete', DELETION, N],
  ['BACKUP_Export', INFO, N],
  ['RESTORE_Import', CHANGE, N],
  ['ENQUE_admin', ADMIN, N],
  ['ENQUE_exec', START, N],
  ['SENDMAIL_Config', CHANGE, N],
  ['SENDMAIL_ToFile', CHANGE, N],
  ['NVRAM_Config', CHANGE, N],
  // TCP/IP, user level
  ['TCPIP_config', CHANGE, N],
  ['TCPIP_host_id', CHANGE, N],
  ['TCPIP_route', CHANGE, N],
  ['TCPIP_connect', CONNECTION_START, REMOTE_DESTINATION],
  ['TCPIP_data_out', CONNECTION, REMOTE_DESTINATION],
  ['TCPIP_data_in', CONNECTION, REMOTE_SOURCE],
  ['TCPIP_access', CONNECTION_START, REMOTE_SOURCE],
  ['TCPIP_set_time', CHANGE, N],
  // TCP/IP, kernel level
  ['TCPIP_kconfig', CHANGE, N],
  ['TCPIP_kroute', CHANGE, N],
  ['TCPIP_kconnect', CONNECTION_START, REMOTE_DESTINATION],
  ['TCPIP_kdata_out', CONNECTION, REMOTE_DESTINATION],
  ['TCPIP_kdata_in', CONNECTION, REMOTE_SOURCE],
  ['TCPIP_kcreate', CREATION, N],
  ['TCP_ksocket', CREATION, N],
  ['TCP_ksocketpair', CREATION, N],
  ['TCP_kconnect', CONNECTION_START, REMOTE_DESTINATION],
  ['TCP_ksetopt', CHANGE, N],
  ['TCP_kshutdown', CONNECTION_END, N],
  ['TCP_kclose', CONNECTION_END, N],
  // Logical volume manager
  ['LVM_CreateVG', CREATION, N],
  ['LVM_DeleteVG', DELETION, N],
  ['LVM_ChangeVG', CHANGE, N],
  ['LVM_VaryonVG', START, N],
  ['LVM_VaryoffVG', END, N],
  ['LVM_CreateLV', CREATION, N],
  ['LVM_DeleteLV', DELETION, N],
  ['LVM_ChangeLV', CHANGE, N],
  ['LVM_ExtendLV', CHANGE, N],
  ['LVM_ReduceLV', CHANGE, N],
  ['LVM_AddPV', CHANGE, N],
  ['LVM_DeletePV', CHANGE, N],
  // Interprocess communication
  ['MSG_Create', CREATION, N],
  ['MSG_Read', ACCESS, N],
  ['MSG_Write', CHANGE, N],
  ['MSG_Delete', DELETION, N],
  ['MSG_Owner', CHANGE, N],
  ['MSG_Mode', CHANGE, N],
  ['SEM_Create', CREATION, N],
  ['SEM_Op', CHANGE, N],
  ['SEM_Delete', DELETION, N],
  ['SEM_Owner', CHANGE, N],
  ['SEM_Mode', CHANGE, N],
  ['SHM_Create', CREATION, N],
  ['SHM_Open', ACCESS, N],
  ['SHM_Close', INFO, N],
  ['SHM_Detach', INFO, N],
  ['SHM_Owner', CHANGE, N],
  ['SHM_Mode', CHANGE, N],
];

export const AIX_EVENTS: ReadonlyMap<string, AixEventSpec> = new Map<string, AixEventSpec>([
  ...REFERENCE,
  ...AUDITPR.map(([name, type, tail]): [string, AixEventSpec] => [name, { type, tail }]),
]);
