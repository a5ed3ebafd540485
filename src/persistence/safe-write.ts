// Every file coexist writes (model, .bak, export, plan file) goes through here: never through a symbolic
// link planted at the destination, and a full or read-only disk is one line that says so. The data goes to
// a new temporary file in the same directory (O_EXCL | O_NOFOLLOW, so nothing planted there is opened),
// is flushed, then renamed over the destination: rename replaces a link itself, never its target.
import { closeSync, constants, fchmodSync, fsyncSync, lstatSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

/** A write refused or failed; the message is one line that names the file and the reason. */
export class WriteError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

const REASONS: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exhausted',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'the directory does not exist',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'it is a directory',
  EIO: 'an input/output error',
  ELOOP: 'it is a symbolic link',
};

export function describeWriteError(path: string, e: unknown): WriteError {
  if (e instanceof WriteError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  const reason = (code && REASONS[code]) ?? (e as Error).message;
  return new WriteError(`${path}: cannot write: ${reason}${code ? ` (${code})` : ''}; nothing was changed`, code);
}

/** Throws the clear refusal when `e` is open(O_NOFOLLOW)'s answer to a link (ELOOP). */
export function refuseLink(path: string, e: unknown): void {
  if ((e as NodeJS.ErrnoException).code === 'ELOOP') {
    throw new WriteError(
      `${path} is a symbolic link; coexist never writes through a link (remove it, or choose another file name)`,
      'ELOOP',
    );
  }
}

export interface SafeWriteOptions {
  mode?: number;
  /** A link at the destination is replaced by the file (for names coexist owns, like the .bak); default: refuse. */
  replaceLink?: boolean;
}

/** What is at `path` now: nothing, a regular file, or something coexist refuses to write over. */
function checkDestination(path: string, replaceLink: boolean): void {
  let st;
  try {
    st = lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw describeWriteError(path, e);
  }
  if (st.isSymbolicLink()) {
    if (replaceLink) return;
    throw new WriteError(
      `${path} is a symbolic link; coexist never writes through a link (remove it, or choose another file name)`,
      'ELOOP',
    );
  }
  if (!st.isFile()) throw new WriteError(`${path} exists and is not a regular file; not writing over it`, 'EEXIST');
}

function fsyncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some file systems refuse fsync on a directory; the rename is still atomic.
  }
}

/** The temporary names this module uses for `path` (a killed write may leave one; see staleTempPattern). */
export function tempName(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.coexist-tmp`);
}

export function staleTempPattern(name: string): RegExp {
  const n = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // ours (.NAME.<hex>.coexist-tmp), and write-file-atomic's (NAME.<number>) from earlier versions
  return new RegExp(`^(\\.${n}\\.[0-9a-f]{12}\\.coexist-tmp|${n}\\.[0-9]{1,10})$`);
}

/** Replace `path` with `data` atomically, never following a link (see the file comment). */
export function writeFileSafely(path: string, data: string | Buffer, opts: SafeWriteOptions = {}): void {
  const mode = opts.mode ?? 0o644;
  checkDestination(path, opts.replaceLink === true);
  const tmp = tempName(path);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode);
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
    fchmodSync(fd, mode);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, path);
  } catch (e) {
    if (fd !== undefined)
      try {
        closeSync(fd);
      } catch {
        /* already closed */
      }
    try {
      unlinkSync(tmp);
    } catch {
      /* not created */
    }
    throw describeWriteError(path, e);
  }
  fsyncDirectory(dirname(path));
}

/** Opens `path` for appending (logs, journal): created owner-only, a link at its name refused. */
export function openAppendNoFollow(path: string, mode = 0o600): number {
  try {
    return openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, mode);
  } catch (e) {
    refuseLink(path, e);
    throw describeWriteError(path, e);
  }
}
