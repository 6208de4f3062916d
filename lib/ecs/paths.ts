/** basename/dirname that understand both `/` and `\` separators (Unix and Windows paths). */

function lastSeparator(path: string): number {
  return Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
}

/** `C:\Windows\System32\svchost.exe` → `svchost.exe`; `/usr/bin/perl` → `perl`. */
export function basename(path: string): string {
  return path.slice(lastSeparator(path) + 1);
}

/**
 * `C:\Windows\System32\svchost.exe` → `C:\Windows\System32`; `/perl` → `/`; `perl` → ``.
 * A root keeps its separator: `C:\boot.ini` → `C:\` (`C:` alone is not the root).
 */
export function dirname(path: string): string {
  const at = lastSeparator(path);
  if (at < 0) return '';
  return at === 0 || (at === 2 && path[1] === ':') ? path.slice(0, at + 1) : path.slice(0, at);
}
