import { describe, expect, it } from 'vitest';
import { basename, dirname } from '../../../lib/ecs/paths.ts';

describe('Paths: basename and dirname', () => {
  it.each([
    // path, basename, dirname
    ['/usr/bin/perl', 'perl', '/usr/bin'],
    ['C:\\Windows\\System32\\svchost.exe', 'svchost.exe', 'C:\\Windows\\System32'],
    ['C:/Windows/System32/svchost.exe', 'svchost.exe', 'C:/Windows/System32'],
    ['C:\\Program Files/Vendor\\agent.exe', 'agent.exe', 'C:\\Program Files/Vendor'],
    ['\\\\fileserver.example.com\\share\\report.docx', 'report.docx', '\\\\fileserver.example.com\\share'],
    ['perl', 'perl', ''],
    ['', '', ''],
    ['/perl', 'perl', '/'],
    ['\\perl', 'perl', '\\'],
    ['/', '', '/'],
    ['C:\\boot.ini', 'boot.ini', 'C:\\'],
    ['C:\\', '', 'C:\\'],
    ['/var/log/', '', '/var/log'],
    ['C:\\Windows\\', '', 'C:\\Windows'],
    ['relative/dir/file.txt', 'file.txt', 'relative/dir'],
  ])('splits %j into basename %j and dirname %j', (path, name, directory) => {
    expect(basename(path)).toBe(name);
    expect(dirname(path)).toBe(directory);
  });
});
