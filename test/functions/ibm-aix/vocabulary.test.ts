import { describe, expect, it } from 'vitest';
import { AIX_EVENTS } from '../../../functions/ibm-aix/events.ts';
import { ibmAix } from '../../../functions/ibm-aix/integration.ts';
import type { EcsEvent } from '../../../lib/ecs/event.ts';
import { conformanceProblems } from '../../helpers/conformance.ts';
import { aixEvent, CONTEXT } from '../../helpers/expected.ts';
import type { Flat } from '../../helpers/expected.ts';

/**
 * The AIX events the reference does not parse: auditpr's columns (command → process.name,
 * login user → user.name, real user → process.real_user.name), event.type from the table,
 * event.outcome from the status, and the tail fields that have an ECS home.
 */

function normalize(message: string): EcsEvent {
  const event = ibmAix.normalize(message, CONTEXT);
  expect(conformanceProblems({}, event)).toStrictEqual([]);
  return event;
}

const TIME = '22 Nov 2022 13:41:34.586022';
const TIMESTAMP = '2022-11-22T13:41:34.586022Z';

/** A record of `event` by the command `command`, login user alice, real user root. */
function line(event: string, command: string, tail: string, status = 'OK'): string {
  return `${event} ${command} alice root ${status} ${TIME} No associated roles ${tail}`;
}

/** The fields every such record gives: the header's columns, status and time. */
function header(event: string, command: string, type: string[], status = 'OK'): Flat {
  return {
    'event.action': event,
    'action.status': status,
    'event.outcome': status === 'OK' ? 'success' : 'failure',
    'event.type': type,
    'process.name': command,
    'user.name': 'alice',
    'process.real_user.name': 'root',
    '@timestamp': TIMESTAMP,
    'related.user': ['alice'],
  };
}

type Case = [name: string, message: string, fields: Flat];

function expectCases(cases: Case[]): void {
  it.each(cases)('normalizes %s', (_name, message, fields) => {
    expect(normalize(message)).toStrictEqual(aixEvent({ message, ...fields }));
  });
}

/** The events the reference parses (their own tests are in ibm-aix.test.ts). */
const REFERENCE = [
  'FILE_Link', 'FILE_Unlink', 'FILE_Rename', 'FILE_Read', 'FILE_Pipe', 'USER_Login', 'TCP_klisten', 'TCP_kbind',
  'TCP_kaccept', 'FS_Chroot', 'FS_Rmdir', 'FS_Mkdir', 'PROC_Execute', 'PROC_Kill', 'PROC_LoadError', 'PROC_RealGID',
  'PROC_SetUserIDs', 'PROC_SetGroups', 'PROC_Sysconfig', 'PROC_Adjtime', 'S_PASSWD_READ', 'S_USER_WRITE', 'SRC_Start',
  'SRC_Stop', 'AUD_It', 'AUD_Proc', 'CRON_Start', 'CRON_Finish',
];

/** Every other event of the table and its ECS event.type, listed here independently of the table. */
const TYPES: Record<string, string[]> = {
  PROC_Create: ['start'], PROC_Delete: ['end'], PROC_RealUID: ['change'], PROC_AuditID: ['change'], PROC_SetRoles: ['change'],
  PROC_Environ: ['change'], PROC_SetSignal: ['change'], PROC_Limits: ['change'], PROC_SetPri: ['change'], PROC_Setpri: ['change'],
  PROC_Privilege: ['change'], PROC_Settimer: ['change'], PROC_Debug: ['access'], PROC_setpgid: ['change'], PROC_Load: ['info'],
  PROC_LoadMember: ['info'],
  FILE_Open: ['access'], FILE_Write: ['change'], FILE_Close: ['info'], FILE_Owner: ['change'], FILE_Fchown: ['change'],
  FILE_Mode: ['change'], FILE_Fchmod: ['change'], FILE_Mknod: ['creation'], FILE_Truncate: ['change'], FILE_Symlink: ['creation'],
  FILE_Dupfd: ['info'], FILE_Utimes: ['change'], FILE_Stat: ['access'], FILE_Accessx: ['access'], FILE_StatAcl: ['access'],
  FILE_Acl: ['change'], FILE_Facl: ['change'], FILE_Privilege: ['change'], FILE_Chpriv: ['change'], FILE_Fchpriv: ['change'],
  FILE_Revoke: ['change'], FILE_Frevoke: ['change'],
  FS_Chdir: ['change'], FS_Fchdir: ['change'], FS_Fchroot: ['change'], FS_Mount: ['start'], FS_Umount: ['end'], FS_Extend: ['change'],
  USER_SU: ['start'], USER_Logout: ['end'], USER_Exit: ['end'], USER_Shell: ['start'], USER_Reboot: ['info'],
  USER_Check: ['user', 'info'], USER_Change: ['user', 'change'], USER_Create: ['user', 'creation'], USER_Remove: ['user', 'deletion'],
  USER_Locked: ['user', 'change'], USER_SetGroups: ['user', 'change'], USER_SetEnv: ['user', 'change'],
  GROUP_Create: ['group', 'creation'], GROUP_Change: ['group', 'change'], GROUP_Remove: ['group', 'deletion'],
  GROUP_User: ['group', 'change'], GROUP_Adms: ['group', 'change'],
  PASSWORD_Change: ['user', 'change'], PASSWORD_Flags: ['user', 'change'], PASSWORD_Check: ['user', 'info'], PASSWORD_Ckerr: ['user', 'info'],
  ROLE_Create: ['creation'], ROLE_Change: ['change'], ROLE_Remove: ['deletion'],
  AUTH_Create: ['creation'], AUTH_Change: ['change'], AUTH_Remove: ['deletion'],
  TERM_Logout: ['end'], PORT_Locked: ['change'], PORT_Change: ['change'],
  AUD_Bin_Def: ['change'], AUD_Events: ['change'], AUD_Objects: ['change'], AUD_Lock: ['change'], AUD_Mode: ['change'],
  ACCT_Disable: ['change'], ACCT_Enable: ['change'],
  S_ENVIRON_WRITE: ['change'], S_GROUP_WRITE: ['change'], S_LIMITS_WRITE: ['change'], S_LOGIN_WRITE: ['change'],
  S_PASSWD_WRITE: ['change'], AUD_CONFIG_WR: ['change'],
  SRC_Addssys: ['creation'], SRC_Chssys: ['change'], SRC_Delssys: ['deletion'],
  SRC_Addserver: ['creation'], SRC_Chserver: ['change'], SRC_Delserver: ['deletion'],
  AT_JobAdd: ['creation'], AT_JobRemove: ['deletion'], CRON_JobAdd: ['creation'], CRON_JobRemove: ['deletion'],
  DEV_Configure: ['change'], DEV_Change: ['change'], DEV_Create: ['creation'], DEV_Remove: ['deletion'], DEV_Start: ['start'],
  DEV_Stop: ['end'], DEV_Unconfigure: ['change'],
  INSTALLP_Inst: ['installation'], INSTALLP_Exec: ['installation'],
  SYSCK_Check: ['info'], SYSCK_Update: ['change'], SYSCK_Install: ['installation'], SYSCK_Delete: ['deletion'],
  TCBCK_Check: ['info'], TCBCK_Update: ['change'], TCBCK_Delete: ['deletion'],
  BACKUP_Export: ['info'], RESTORE_Import: ['change'], ENQUE_admin: ['admin'], ENQUE_exec: ['start'],
  SENDMAIL_Config: ['change'], SENDMAIL_ToFile: ['change'], NVRAM_Config: ['change'],
  TCPIP_config: ['change'], TCPIP_host_id: ['change'], TCPIP_route: ['change'], TCPIP_connect: ['connection', 'start'],
  TCPIP_data_out: ['connection'], TCPIP_data_in: ['connection'], TCPIP_access: ['connection', 'start'], TCPIP_set_time: ['change'],
  TCPIP_kconfig: ['change'], TCPIP_kroute: ['change'], TCPIP_kconnect: ['connection', 'start'], TCPIP_kdata_out: ['connection'],
  TCPIP_kdata_in: ['connection'], TCPIP_kcreate: ['creation'],
  TCP_ksocket: ['creation'], TCP_ksocketpair: ['creation'], TCP_kconnect: ['connection', 'start'], TCP_ksetopt: ['change'],
  TCP_kshutdown: ['connection', 'end'], TCP_kclose: ['connection', 'end'],
  LVM_CreateVG: ['creation'], LVM_DeleteVG: ['deletion'], LVM_ChangeVG: ['change'], LVM_VaryonVG: ['start'], LVM_VaryoffVG: ['end'],
  LVM_CreateLV: ['creation'], LVM_DeleteLV: ['deletion'], LVM_ChangeLV: ['change'], LVM_ExtendLV: ['change'], LVM_ReduceLV: ['change'],
  LVM_AddPV: ['change'], LVM_DeletePV: ['change'],
  MSG_Create: ['creation'], MSG_Read: ['access'], MSG_Write: ['change'], MSG_Delete: ['deletion'], MSG_Owner: ['change'], MSG_Mode: ['change'],
  SEM_Create: ['creation'], SEM_Op: ['change'], SEM_Delete: ['deletion'], SEM_Owner: ['change'], SEM_Mode: ['change'],
  SHM_Create: ['creation'], SHM_Open: ['access'], SHM_Close: ['info'], SHM_Detach: ['info'], SHM_Owner: ['change'], SHM_Mode: ['change'],
};

/** ECS's allowed event.type values. */
const ECS_EVENT_TYPES = new Set([
  'access', 'admin', 'allowed', 'change', 'connection', 'creation', 'deletion', 'denied', 'end', 'error', 'group', 'indicator',
  'info', 'installation', 'protocol', 'start', 'user',
]);

describe('IBM AIX: the event table', () => {
  it('holds 197 event names: the 28 the reference parses and 169 more', () => {
    expect(AIX_EVENTS.size).toBe(197);
    expect(REFERENCE).toHaveLength(28);
    expect(Object.keys(TYPES)).toHaveLength(169);
    expect([...AIX_EVENTS.keys()].sort()).toStrictEqual([...REFERENCE, ...Object.keys(TYPES)].sort());
  });

  it('keeps the reference column mapping for the reference events only', () => {
    for (const [name, spec] of AIX_EVENTS) expect(spec.columns !== undefined, name).toBe(REFERENCE.includes(name));
  });

  it('gives every event ECS event.type values', () => {
    for (const [name, spec] of AIX_EVENTS) {
      expect(spec.type, name).toBeDefined();
      for (const type of spec.type!) expect(ECS_EVENT_TYPES.has(type), `${name}: ${type}`).toBe(true);
    }
  });

  // Without a tail, every event gives exactly the header's fields: no tail parser invents any.
  it.each(Object.entries(TYPES))('normalizes %s without a tail', (event, type) => {
    const message = `${event} cmd alice root OK ${TIME} No associated roles`;
    expect(normalize(message)).toStrictEqual(aixEvent({ message, ...header(event, 'cmd', type) }));
  });

  it.each(Object.entries(TYPES))('normalizes a failed %s', (event, type) => {
    const message = `${event} cmd alice root FAIL_ACCESS ${TIME} No associated roles`;
    expect(normalize(message)).toStrictEqual(aixEvent({ message, ...header(event, 'cmd', type, 'FAIL_ACCESS') }));
  });
});

describe('IBM AIX: status column', () => {
  it.each([
    ['OK', 'success'],
    ['FAIL', 'failure'],
    ['FAIL_PRIV', 'failure'],
    ['FAIL_AUTH', 'failure'],
    ['FAIL_ACCESS', 'failure'],
    ['FAIL_DAC', 'failure'],
  ])('reads %s as event.outcome %s', (status, outcome) => {
    const message = line('USER_SU', 'su', 'root', status);
    expect(normalize(message)).toStrictEqual(aixEvent({
      message,
      ...header('USER_SU', 'su', ['start'], status),
      'event.outcome': outcome,
      'user.target.name': 'root',
    }));
  });
});

describe('IBM AIX: process events', () => {
  expectCases([
    ['PROC_Create: the forked child', line('PROC_Create', 'ksh', 'forked child process 4063284'), {
      ...header('PROC_Create', 'ksh', ['start']),
      'process.pid': 4063284,
    }],
    ['PROC_Delete: the exited process', line('PROC_Delete', 'ksh', 'exited child process 4063284'), {
      ...header('PROC_Delete', 'ksh', ['end']),
      'process.pid': 4063284,
    }],
    ['PROC_Create with a pid that is not a number (left out)', line('PROC_Create', 'ksh', 'forked child process none'), header('PROC_Create', 'ksh', ['start'])],
    ['PROC_Create with another layout (nothing read)', line('PROC_Create', 'ksh', '4063284'), header('PROC_Create', 'ksh', ['start'])],
    ['PROC_RealUID', line('PROC_RealUID', 'login', 'old ruid: 0, new ruid: 203'), header('PROC_RealUID', 'login', ['change'])],
    ['PROC_AuditID', line('PROC_AuditID', 'login', '203'), header('PROC_AuditID', 'login', ['change'])],
    ['PROC_Privilege', line('PROC_Privilege', 'ksh', 'cmd: 2, privset: ffffffff:ffffffff'), header('PROC_Privilege', 'ksh', ['change'])],
    ['PROC_Environ', line('PROC_Environ', 'login', 'LANG=C'), header('PROC_Environ', 'login', ['change'])],
    ['PROC_Limits', line('PROC_Limits', 'ksh', 'fsize: 2097151'), header('PROC_Limits', 'ksh', ['change'])],
    ['PROC_SetPri', line('PROC_SetPri', 'nice', '10'), header('PROC_SetPri', 'nice', ['change'])],
    ['PROC_Settimer', line('PROC_Settimer', 'xntpd', 'old time: 22 Nov 2022 13:41:34.000001, new time: 22 Nov 2022 13:41:35.000001'), header('PROC_Settimer', 'xntpd', ['change'])],
    ['PROC_Load: the module loaded', line('PROC_Load', 'sshd', 'flags: 80, libpath: /usr/lib:/lib, file: /usr/lib/security/LDAP'), {
      ...header('PROC_Load', 'sshd', ['info']),
      'file.path': '/usr/lib/security/LDAP',
      'file.name': 'LDAP',
      'file.directory': '/usr/lib/security',
    }],
    ['PROC_LoadMember: the archive, without its member', line('PROC_LoadMember', 'java', 'flags: 80, libpath: , file: /usr/lib/libc.a, member: shr_64.o'), {
      ...header('PROC_LoadMember', 'java', ['info']),
      'file.path': '/usr/lib/libc.a',
      'file.name': 'libc.a',
      'file.directory': '/usr/lib',
    }],
  ]);
});

describe('IBM AIX: file and file system events', () => {
  const hosts: Flat = { 'file.path': '/etc/hosts', 'file.name': 'hosts', 'file.directory': '/etc' };
  expectCases([
    ['FILE_Open', line('FILE_Open', 'cat', 'flags: 0 mode: 0 fd: 4 filename /etc/hosts'), { ...header('FILE_Open', 'cat', ['access']), ...hosts }],
    ['FILE_Open with "filename:"', line('FILE_Open', 'cat', 'flags: 0 mode: 0 fd: 4 filename: /etc/hosts'), { ...header('FILE_Open', 'cat', ['access']), ...hosts }],
    ['FILE_Open of a path with spaces', line('FILE_Open', 'vi', 'flags: 578 mode: 644 fd: 3 filename /tmp/x y/z.log'), {
      ...header('FILE_Open', 'vi', ['access']),
      'file.path': '/tmp/x y/z.log',
      'file.name': 'z.log',
      'file.directory': '/tmp/x y',
    }],
    ['FILE_Open denied', line('FILE_Open', 'cat', 'flags: 0 mode: 0 fd: -1 filename /etc/security/passwd', 'FAIL_DAC'), {
      ...header('FILE_Open', 'cat', ['access'], 'FAIL_DAC'),
      'file.path': '/etc/security/passwd',
      'file.name': 'passwd',
      'file.directory': '/etc/security',
    }],
    ['FILE_Open without a file name (nothing read)', line('FILE_Open', 'cat', 'flags: 0 mode: 0 fd: 4'), header('FILE_Open', 'cat', ['access'])],
    ['FILE_Write with only a descriptor', line('FILE_Write', 'vi', 'file descriptor = 3'), header('FILE_Write', 'vi', ['change'])],
    ['FILE_Write with a file name and an object event', line('FILE_Write', 'vi', 'file descriptor = 3 filename = /etc/hosts object write event detected /etc/hosts'), {
      ...header('FILE_Write', 'vi', ['change']),
      ...hosts,
    }],
    ['FILE_Close', line('FILE_Close', 'vi', 'file descriptor = 3'), header('FILE_Close', 'vi', ['info'])],
    ['FILE_Mode', line('FILE_Mode', 'chmod', 'mode: 4755 filename /usr/local/bin/tool'), {
      ...header('FILE_Mode', 'chmod', ['change']),
      'file.mode': '4755',
      'file.path': '/usr/local/bin/tool',
      'file.name': 'tool',
      'file.directory': '/usr/local/bin',
    }],
    ['FILE_Mode with a mode that is not octal (nothing read)', line('FILE_Mode', 'chmod', 'mode: 9 filename /tmp/x'), header('FILE_Mode', 'chmod', ['change'])],
    ['FILE_Fchmod', line('FILE_Fchmod', 'chmod', 'mode: 600 file descriptor = 3'), { ...header('FILE_Fchmod', 'chmod', ['change']), 'file.mode': '600' }],
    ['FILE_Mknod', line('FILE_Mknod', 'mknod', 'mode: 20644 dev: 12,3 filename /dev/mydev'), {
      ...header('FILE_Mknod', 'mknod', ['creation']),
      'file.mode': '20644',
      'file.path': '/dev/mydev',
      'file.name': 'mydev',
      'file.directory': '/dev',
    }],
    ['FILE_Owner', line('FILE_Owner', 'chown', 'owner: 203 group: 1 filename /home/alice/report.txt'), {
      ...header('FILE_Owner', 'chown', ['change']),
      'file.uid': '203',
      'file.gid': '1',
      'file.path': '/home/alice/report.txt',
      'file.name': 'report.txt',
      'file.directory': '/home/alice',
    }],
    ['FILE_Owner leaving the group unchanged (-1 left out)', line('FILE_Owner', 'chown', 'owner: 0 group: -1 filename /etc/hosts'), {
      ...header('FILE_Owner', 'chown', ['change']),
      'file.uid': '0',
      ...hosts,
    }],
    ['FILE_Fchown', line('FILE_Fchown', 'chgrp', 'owner: -1 group: 7 file descriptor = 5'), { ...header('FILE_Fchown', 'chgrp', ['change']), 'file.gid': '7' }],
    ['FILE_Acl, the ACL printed on the next lines', line('FILE_Acl', 'acledit', 'filename /etc/hosts#012attributes: #012base permissions'), {
      ...header('FILE_Acl', 'acledit', ['change']),
      ...hosts,
    }],
    ['FILE_Privilege', line('FILE_Privilege', 'setsecattr', 'filename /usr/bin/tool'), {
      ...header('FILE_Privilege', 'setsecattr', ['change']),
      'file.path': '/usr/bin/tool',
      'file.name': 'tool',
      'file.directory': '/usr/bin',
    }],
    ['FS_Chdir', line('FS_Chdir', 'ksh', 'change current directory to: /home/alice/src'), {
      ...header('FS_Chdir', 'ksh', ['change']),
      'process.working_directory': '/home/alice/src',
      'file.path': '/home/alice/src',
      'file.type': 'dir',
      'file.name': 'src',
      'file.directory': '/home/alice',
    }],
    ['FS_Mount', line('FS_Mount', 'mount', 'object: /dev/fslv00 stub: /data'), {
      ...header('FS_Mount', 'mount', ['start']),
      'file.device': '/dev/fslv00',
      'file.path': '/data',
      'file.type': 'dir',
      'file.name': 'data',
      'file.directory': '/',
    }],
    ['FS_Mount of an NFS export', line('FS_Mount', 'mount', 'object: nfs01.example.com:/export/home stub: /home'), {
      ...header('FS_Mount', 'mount', ['start']),
      'file.device': 'nfs01.example.com:/export/home',
      'file.path': '/home',
      'file.type': 'dir',
      'file.name': 'home',
      'file.directory': '/',
    }],
    ['FS_Umount with only the object', line('FS_Umount', 'umount', 'object: /dev/fslv00'), {
      ...header('FS_Umount', 'umount', ['end']),
      'file.device': '/dev/fslv00',
    }],
  ]);
});

describe('IBM AIX: user, group and password events', () => {
  expectCases([
    ['USER_SU: the target user', line('USER_SU', 'su', 'root'), { ...header('USER_SU', 'su', ['start']), 'user.target.name': 'root' }],
    ['a failed USER_SU', line('USER_SU', 'su', 'root', 'FAIL_AUTH'), { ...header('USER_SU', 'su', ['start'], 'FAIL_AUTH'), 'user.target.name': 'root' }],
    ['USER_SU with the escaped end of line', line('USER_SU', 'su', 'root#012'), { ...header('USER_SU', 'su', ['start']), 'user.target.name': 'root' }],
    ['USER_Logout', line('USER_Logout', 'sshd', '/dev/pts/3'), header('USER_Logout', 'sshd', ['end'])],
    ['USER_Change', line('USER_Change', 'chuser', 'bob admin=true'), { ...header('USER_Change', 'chuser', ['user', 'change']), 'user.target.name': 'bob' }],
    ['USER_Create', line('USER_Create', 'mkuser', 'bob pgrp=staff home=/home/bob'), { ...header('USER_Create', 'mkuser', ['user', 'creation']), 'user.target.name': 'bob' }],
    ['USER_Remove', line('USER_Remove', 'rmuser', 'bob'), { ...header('USER_Remove', 'rmuser', ['user', 'deletion']), 'user.target.name': 'bob' }],
    ['PASSWORD_Change', line('PASSWORD_Change', 'passwd', 'bob'), { ...header('PASSWORD_Change', 'passwd', ['user', 'change']), 'user.target.name': 'bob' }],
    ['PASSWORD_Check with a user label', line('PASSWORD_Check', 'sshd', 'user: bob'), { ...header('PASSWORD_Check', 'sshd', ['user', 'info']), 'user.target.name': 'bob' }],
    ['PASSWORD_Change with a label only (nothing read)', line('PASSWORD_Change', 'passwd', 'user:'), header('PASSWORD_Change', 'passwd', ['user', 'change'])],
    ['GROUP_Create', line('GROUP_Create', 'mkgroup', 'dba adms=oracle'), { ...header('GROUP_Create', 'mkgroup', ['group', 'creation']), 'group.name': 'dba' }],
    ['GROUP_Remove', line('GROUP_Remove', 'rmgroup', 'dba'), { ...header('GROUP_Remove', 'rmgroup', ['group', 'deletion']), 'group.name': 'dba' }],
  ]);
});

describe('IBM AIX: audited objects', () => {
  expectCases([
    ['S_PASSWD_WRITE', line('S_PASSWD_WRITE', 'passwd', 'audit object write event detected /etc/security/passwd'), {
      ...header('S_PASSWD_WRITE', 'passwd', ['change']),
      'file.path': '/etc/security/passwd',
      'file.name': 'passwd',
      'file.directory': '/etc/security',
    }],
    ['S_GROUP_WRITE', line('S_GROUP_WRITE', 'mkgroup', 'audit object write event detected /etc/group'), {
      ...header('S_GROUP_WRITE', 'mkgroup', ['change']),
      'file.path': '/etc/group',
      'file.name': 'group',
      'file.directory': '/etc',
    }],
    ['S_LOGIN_WRITE', line('S_LOGIN_WRITE', 'chsec', 'audit object write event detected /etc/security/login.cfg'), {
      ...header('S_LOGIN_WRITE', 'chsec', ['change']),
      'file.path': '/etc/security/login.cfg',
      'file.name': 'login.cfg',
      'file.directory': '/etc/security',
    }],
    ['S_ENVIRON_WRITE', line('S_ENVIRON_WRITE', 'chuser', 'audit object write event detected /etc/security/environ'), {
      ...header('S_ENVIRON_WRITE', 'chuser', ['change']),
      'file.path': '/etc/security/environ',
      'file.name': 'environ',
      'file.directory': '/etc/security',
    }],
    ['S_LIMITS_WRITE', line('S_LIMITS_WRITE', 'chuser', 'audit object write event detected /etc/security/limits'), {
      ...header('S_LIMITS_WRITE', 'chuser', ['change']),
      'file.path': '/etc/security/limits',
      'file.name': 'limits',
      'file.directory': '/etc/security',
    }],
    ['AUD_CONFIG_WR', line('AUD_CONFIG_WR', 'vi', 'audit object write event detected /etc/security/audit/config'), {
      ...header('AUD_CONFIG_WR', 'vi', ['change']),
      'file.path': '/etc/security/audit/config',
      'file.name': 'config',
      'file.directory': '/etc/security/audit',
    }],
  ]);
});

describe('IBM AIX: SRC, at and cron job events', () => {
  expectCases([
    ['SRC_Addssys', line('SRC_Addssys', 'mkssys', 'myagent'), { ...header('SRC_Addssys', 'mkssys', ['creation']), 'service.name': 'myagent' }],
    ['SRC_Chssys', line('SRC_Chssys', 'chssys', 'sshd'), { ...header('SRC_Chssys', 'chssys', ['change']), 'service.name': 'sshd' }],
    ['SRC_Delssys', line('SRC_Delssys', 'rmssys', 'myagent'), { ...header('SRC_Delssys', 'rmssys', ['deletion']), 'service.name': 'myagent' }],
    ['SRC_Addserver', line('SRC_Addserver', 'mkserver', 'ftp'), { ...header('SRC_Addserver', 'mkserver', ['creation']), 'service.name': 'ftp' }],
    ['SRC_Chserver', line('SRC_Chserver', 'chserver', 'ftp'), { ...header('SRC_Chserver', 'chserver', ['change']), 'service.name': 'ftp' }],
    ['SRC_Delserver', line('SRC_Delserver', 'rmserver', 'ftp'), { ...header('SRC_Delserver', 'rmserver', ['deletion']), 'service.name': 'ftp' }],
    ['CRON_JobAdd', line('CRON_JobAdd', 'crontab', 'file = /var/spool/cron/crontabs/bob user = bob time = Tue Nov 22 13:41:34 2022'), {
      ...header('CRON_JobAdd', 'crontab', ['creation']),
      'user.target.name': 'bob',
      'file.path': '/var/spool/cron/crontabs/bob',
      'file.name': 'bob',
      'file.directory': '/var/spool/cron/crontabs',
    }],
    ['CRON_JobRemove with colon labels', line('CRON_JobRemove', 'crontab', 'user: bob'), {
      ...header('CRON_JobRemove', 'crontab', ['deletion']),
      'user.target.name': 'bob',
    }],
    ['AT_JobAdd', line('AT_JobAdd', 'at', 'file = /var/spool/cron/atjobs/bob.1669124494.a user = bob time = Tue Nov 22 14:00:00 2022'), {
      ...header('AT_JobAdd', 'at', ['creation']),
      'user.target.name': 'bob',
      'file.path': '/var/spool/cron/atjobs/bob.1669124494.a',
      'file.name': 'bob.1669124494.a',
      'file.directory': '/var/spool/cron/atjobs',
    }],
    ['AT_JobRemove without labels (nothing read)', line('AT_JobRemove', 'at', 'bob.1669124494.a'), header('AT_JobRemove', 'at', ['deletion'])],
    ['DEV_Create', line('DEV_Create', 'mkdev', 'hdisk4'), header('DEV_Create', 'mkdev', ['creation'])],
  ]);
});

describe('IBM AIX: network events', () => {
  expectCases([
    ['TCPIP_connect to a remote address and port', line('TCPIP_connect', 'telnet', 'ipv4 telnet 198.51.100.23 23 open'), {
      ...header('TCPIP_connect', 'telnet', ['connection', 'start']),
      'destination.ip': '198.51.100.23',
      'destination.address': '198.51.100.23',
      'destination.port': 23,
      'related.ip': ['198.51.100.23'],
    }],
    ['TCPIP_connect without a port', line('TCPIP_connect', 'ftp', 'ipv4 ftp 198.51.100.23 open successful'), {
      ...header('TCPIP_connect', 'ftp', ['connection', 'start']),
      'destination.ip': '198.51.100.23',
      'destination.address': '198.51.100.23',
      'related.ip': ['198.51.100.23'],
    }],
    ['TCPIP_connect to an IPv6 address', line('TCPIP_connect', 'ssh', 'ipv6 ssh 2001:db8::23 22'), {
      ...header('TCPIP_connect', 'ssh', ['connection', 'start']),
      'destination.ip': '2001:db8::23',
      'destination.address': '2001:db8::23',
      'destination.port': 22,
      'related.ip': ['2001:db8::23'],
    }],
    ['TCPIP_connect to address:port', line('TCPIP_connect', 'ftp', 'ipv4 ftp 198.51.100.23:21'), {
      ...header('TCPIP_connect', 'ftp', ['connection', 'start']),
      'destination.ip': '198.51.100.23',
      'destination.address': '198.51.100.23',
      'destination.port': 21,
      'related.ip': ['198.51.100.23'],
    }],
    ['TCPIP_connect to a host name only (nothing read)', line('TCPIP_connect', 'ftp', 'ipv4 ftp ftp.example.com 21'), header('TCPIP_connect', 'ftp', ['connection', 'start'])],
    ['TCPIP_access from a remote host', line('TCPIP_access', 'ftpd', 'ipv4 ftp 203.0.113.7, 21 access granted'), {
      ...header('TCPIP_access', 'ftpd', ['connection', 'start']),
      'source.ip': '203.0.113.7',
      'source.address': '203.0.113.7',
      'source.port': 21,
      'related.ip': ['203.0.113.7'],
    }],
    ['TCPIP_data_in', line('TCPIP_data_in', 'ftpd', 'ipv4 ftp 203.0.113.7 20 /tmp/upload.bin'), {
      ...header('TCPIP_data_in', 'ftpd', ['connection']),
      'source.ip': '203.0.113.7',
      'source.address': '203.0.113.7',
      'source.port': 20,
      'related.ip': ['203.0.113.7'],
    }],
    ['TCPIP_data_out', line('TCPIP_data_out', 'ftp', 'ipv4 ftp 198.51.100.23 20 /tmp/report.pdf'), {
      ...header('TCPIP_data_out', 'ftp', ['connection']),
      'destination.ip': '198.51.100.23',
      'destination.address': '198.51.100.23',
      'destination.port': 20,
      'related.ip': ['198.51.100.23'],
    }],
    ['TCP_kconnect in the TCP_kaccept layout', line('TCP_kconnect', 'ssh', 'fd3 Port 192.0.2.10 22 host01.example.com ssh'), {
      ...header('TCP_kconnect', 'ssh', ['connection', 'start']),
      'destination.ip': '192.0.2.10',
      'destination.address': '192.0.2.10',
      'destination.port': 22,
      'related.ip': ['192.0.2.10'],
    }],
    ['TCP_kconnect with a port out of range (left out)', line('TCP_kconnect', 'ssh', 'fd3 Port 192.0.2.10 70000'), {
      ...header('TCP_kconnect', 'ssh', ['connection', 'start']),
      'destination.ip': '192.0.2.10',
      'destination.address': '192.0.2.10',
      'related.ip': ['192.0.2.10'],
    }],
    ['TCP_kclose', line('TCP_kclose', 'sshd', 'fd3'), header('TCP_kclose', 'sshd', ['connection', 'end'])],
  ]);
});

describe('IBM AIX: tails on several lines', () => {
  // rsyslog escapes the newline and tab that auditpr -v puts before and inside a tail.
  expectCases([
    ['a tail on the next line', `FILE_Mode chmod alice root OK ${TIME} No associated roles#012#011mode: 644 filename /etc/motd#012`, {
      ...header('FILE_Mode', 'chmod', ['change']),
      'file.mode': '644',
      'file.path': '/etc/motd',
      'file.name': 'motd',
      'file.directory': '/etc',
    }],
    ['a trailing escaped newline on a path', line('FILE_Open', 'cat', 'flags: 0 mode: 0 fd: 4 filename /etc/motd#012'), {
      ...header('FILE_Open', 'cat', ['access']),
      'file.path': '/etc/motd',
      'file.name': 'motd',
      'file.directory': '/etc',
    }],
    ['a # that is no control escape (kept)', line('FILE_Open', 'cat', 'flags: 0 mode: 0 fd: 4 filename /tmp/#report#1'), {
      ...header('FILE_Open', 'cat', ['access']),
      'file.path': '/tmp/#report#1',
      'file.name': '#report#1',
      'file.directory': '/tmp',
    }],
    ['a record after the end of the previous one (header found by its event token)', `flags: 80, libpath: , file: /usr/lib/security/LDAP ${line('USER_SU', 'su', 'root')}`, {
      ...header('USER_SU', 'su', ['start']),
      'user.target.name': 'root',
    }],
    ['a tail on the next line, without roles column', `USER_SU su alice root OK ${TIME}#012#011root`, {
      ...header('USER_SU', 'su', ['start']),
      'user.target.name': 'root',
    }],
  ]);
});
