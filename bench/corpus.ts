/**
 * Deterministic generators of realistic records for benchmarks and fuzzing: varied
 * event types, values and auditpr column spacing. Documentation IP ranges and example
 * names only.
 */

/** A small deterministic PRNG (mulberry32) so every run generates the same corpus. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MONTHS = ['jan', 'Feb', 'mar', 'Apr', 'may', 'Jun', 'jul', 'Aug', 'sep', 'Oct', 'nov', 'Dec'];
const USERS = ['root', 'alice', 'bob', 'db2inst1', 'oracle', 'daemon', 'nobody'];
const GROUPS = ['system', 'staff', 'security', 'audit', 'root'];
const COMMANDS = ['sh', 'ksh', 'cron', 'sshd', 'tar', 'vi', 'rm', 'xntpd', 'srcmstr', 'db2fm', 'perl5.28.1'];
const PATHS = ['/etc/security/passwd', '/var/adm/nim/glock', '/usr/bin/ksh93', '/tmp/x y/z.log', '/home/alice/.profile', '/var/log/app.log'];
const IPS = ['192.0.2.10', '198.51.100.23', '203.0.113.7', '2001:db8::1', '192.0.2.200'];

export function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)]!;
}

function int(rand: () => number, max: number): number {
  return Math.floor(rand() * max);
}

function pad(rand: () => number, text: string, width: number): string {
  // Half the lines use auditpr's fixed-width padding, half single spaces.
  return rand() < 0.5 ? `${text} ` : text.padEnd(width + 1, ' ');
}

/** One AIX audit line (auditpr format) of a random event. */
export function aixLine(rand: () => number): string {
  const time = `${int(rand, 28) + 1} ${pick(rand, MONTHS)} 202${int(rand, 6)} ${String(int(rand, 24)).padStart(2, '0')}:${String(int(rand, 60)).padStart(2, '0')}:${String(int(rand, 60)).padStart(2, '0')}.${String(int(rand, 1e6)).padStart(6, '0')}`;
  const path = pick(rand, PATHS);
  const tails: [string, string][] = [
    ['PROC_Execute', `euid: ${int(rand, 1000)} egid: ${int(rand, 1000)} epriv: 0:0 name ${pick(rand, COMMANDS)} -c /opt/app/bin/run.sh --verbose 2>&1 `],
    ['FILE_Unlink', `filename ${path}`],
    ['FILE_Rename', `frompath: ${path}.tmp topath: ${path}`],
    ['FILE_Read', `file descriptor = ${int(rand, 100)} filename = ${path} object read event detected ${path}`],
    ['USER_Login', `user: ${pick(rand, USERS)} tty: #0${int(rand, 40)}`],
    ['TCP_kaccept', `fd${int(rand, 30)} Port ${pick(rand, IPS)} ${int(rand, 65536)} host01.example.com nimaux`],
    ['TCP_kbind', `fd${int(rand, 30)} /dev/.SRC-unix/SRC${int(rand, 1e9)}`],
    ['PROC_Kill', `pid: ${int(rand, 4e6)}, sig: ${int(rand, 32)}`],
    ['CRON_Start', `event = start cron job cmd = /usr/local/bin/rotate.sh 2>&1 >> /var/log/rotate.log time = Sat Sep 17 00:00:00 2022`],
    ['CRON_Finish', `user = ${pick(rand, USERS)} pid = ${int(rand, 4e6)} time = Sun Sep 25 23:00:00 2022`],
    ['S_PASSWD_READ', `audit object read event detected /etc/security/passwd`],
    ['FS_Mkdir', `mode: 755 dir: /var/adm/nim/${int(rand, 1e7)}`],
    ['PROC_SetUserIDs', `effect: ${int(rand, 1000)}, real: ${int(rand, 1000)}, saved: -1, login: -1#012`],
    ['SRC_Start', `syslog_ng`],
    ['AUD_It', `cmd: ${int(rand, 10)} arg: ${int(rand, 10)}`],
    ['USER_SU', `${pick(rand, USERS)}`],
  ];
  const [event, tail] = pick(rand, tails);
  const status = rand() < 0.9 ? 'OK' : 'FAIL';
  return (
    pad(rand, event, 15) +
    pad(rand, pick(rand, COMMANDS), 31) +
    pad(rand, pick(rand, USERS), 8) +
    pad(rand, pick(rand, USERS), 8) +
    pad(rand, status, 11) +
    pad(rand, time, 27) +
    pad(rand, 'No associated roles', 40) +
    tail
  );
}

const TANIUM_TYPES = ['file_open', 'file_create', 'file_delete', 'network_connect', 'network_accept', 'process_start', 'registry_set', 'dns_event'];

/** One Tanium Threat Response record (JSON) of a random type. */
export function taniumLine(rand: () => number): string {
  const type = pick(rand, TANIUM_TYPES);
  const processFields = {
    process__pid: int(rand, 65536),
    process__file__full_path: rand() < 0.5 ? '/usr/bin/rrdcached' : 'C:\\Windows\\System32\\svchost.exe',
    process__login__user_id: rand() < 0.5 ? 4294967295 : int(rand, 1000),
    process__login__user_name: rand() < 0.3 ? null : pick(rand, USERS),
    process__user__group: pick(rand, GROUPS),
    process__user__name: pick(rand, USERS),
    tanium_process_id: String(-int(rand, 2 ** 53)),
  };
  let fields: Record<string, unknown>;
  switch (type) {
    case 'network_connect':
    case 'network_accept':
      fields = { ...processFields, local_ip: pick(rand, IPS), local_port: int(rand, 65536), remote_ip: pick(rand, IPS), remote_port: rand() < 0.9 ? 443 : '8443' };
      break;
    case 'process_start':
      fields = {
        file__md5: 'd41d8cd98f00b204e9800998ecf8427e',
        create_time: '2024-07-15T13:47:13.084000+02:00',
        parent__command_line: 'pve-firewall',
        file__full_path: '/usr/sbin/ipset',
        pid: int(rand, 65536),
        command_line: 'ipset save',
        parent__file__full_path: '/usr/bin/perl',
        parent_pid: int(rand, 65536),
        user__name: 'root',
        user__group: 'root',
      };
      break;
    case 'registry_set':
      fields = { ...processFields, key: 'HKLM\\Software\\Example\\Run', value_name: 'Updater', file__full_path: 'C:\\Program Files\\Example\\updater.exe' };
      break;
    case 'dns_event':
      fields = { ...processFields, query: 'www.example.com', response: pick(rand, IPS) };
      break;
    default:
      fields = { ...processFields, full_path: pick(rand, PATHS), read_flag: true };
  }
  return JSON.stringify({ event: type, hostname: `host${int(rand, 100)}.example.com`, host: pick(rand, IPS), fields });
}

/** Generators by integration name. */
export const GENERATORS: Readonly<Record<string, (rand: () => number) => string>> = {
  'ibm-aix': aixLine,
  tanium: taniumLine,
};

/** `count` lines of an integration's corpus, newline-terminated. */
export function corpus(integration: string, count: number, seed = 1): string {
  const generate = GENERATORS[integration];
  if (!generate) throw new Error(`no generator for ${integration}`);
  const rand = random(seed);
  const lines: string[] = [];
  for (let i = 0; i < count; i++) lines.push(generate(rand));
  return `${lines.join('\n')}\n`;
}
