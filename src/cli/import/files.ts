/**
 * The files an import names must be distinct: `--failed` is truncated and `--journal` written
 * before the input is read, so either naming the input (or each other) would destroy it. Compared
 * by resolved path and, for files that exist, by device and inode (a symlink, a hard link, `../`).
 */
import { realpathSync, statSync } from "node:fs";
import path from "node:path";

/** What identifies a file: its real path, and its device and inode when it exists. */
interface Identity {
  path: string;
  inode?: string;
}

function identify(file: string): Identity {
  const resolved = path.resolve(file);
  try {
    const stat = statSync(resolved); // follows symlinks: a link to the input is the input
    return { path: realpathSync(resolved), inode: `${stat.dev}:${stat.ino}` };
  } catch {
    // Not there yet: its folder may still be reached through a link.
    try {
      return { path: path.join(realpathSync(path.dirname(resolved)), path.basename(resolved)) };
    } catch {
      return { path: resolved };
    }
  }
}

/** The message for the first two options that name the same file, or undefined. `-` (stdin) is no file. */
export function sameFileProblem(files: readonly (readonly [option: string, file: string | undefined])[]): string | undefined {
  const named = files.filter((f): f is readonly [string, string] => f[1] !== undefined && f[1] !== "-").map(([option, file]) => ({ option, file, id: identify(file) }));
  for (let i = 0; i < named.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = named[j]!;
      const b = named[i]!;
      if (a.id.path === b.id.path || (a.id.inode !== undefined && a.id.inode === b.id.inode)) {
        return `${b.option} and ${a.option} are the same file (${b.file}): writing ${b.option} would destroy ${a.option}; name another file`;
      }
    }
  }
  return undefined;
}
