// What the CLI says when the operating system refuses something (a missing folder, a busy port, a full disk): one
// line a person can act on, never Node's stack trace. Errors of Hark's own making say what they mean already.

/** A Node system error: `code` (ENOENT, EADDRINUSE, ...) and what it was about. */
interface SystemError extends Error {
  code: string;
  syscall?: string;
  path?: string;
  dest?: string;
  address?: string;
  port?: number;
}

export function isSystemError(error: unknown): error is SystemError {
  return (
    error instanceof Error &&
    typeof (error as { code?: unknown }).code === 'string' &&
    /^E[A-Z0-9]+$/.test((error as SystemError).code)
  );
}

const REASONS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'it is a folder, not a file',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EEXIST: 'it already exists',
  ENOSPC: 'no space left on the device',
  EROFS: 'the file system is read-only',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
  EBUSY: 'the file is busy',
  EXDEV: 'it is on another device',
};

/** One line, without the "hark: " prefix, e.g. "cannot open /nonexistent/x.csv: no such file or folder (ENOENT)". */
export function systemErrorMessage(error: SystemError): string {
  const { code } = error;
  if (code === 'EADDRINUSE')
    return `port ${error.port ?? '?'} on ${error.address ?? 'this machine'} is already in use: choose another with --port (${code})`;
  if (code === 'EADDRNOTAVAIL')
    return `cannot listen on ${error.address ?? 'that address'}: it is not this machine's (${code})`;
  const reason = REASONS[code] ?? plainReason(error);
  const subject = error.path ? `${verb(error.syscall)} ${error.path}${error.dest ? ` -> ${error.dest}` : ''}: ` : '';
  return `${subject}${reason} (${code})`;
}

/** Node's own wording without its "CODE: " prefix and ", syscall 'path'" tail. */
function plainReason(error: SystemError): string {
  return error.message.replace(/^[A-Z0-9]+: /, '').replace(/, \w+ '.*'$/, '');
}

function verb(syscall: string | undefined): string {
  switch (syscall) {
    case 'open':
      return 'cannot open';
    case 'mkdir':
      return 'cannot make the folder';
    case 'rename':
      return 'cannot move';
    case 'unlink':
    case 'rmdir':
      return 'cannot remove';
    case 'scandir':
    case 'opendir':
      return 'cannot list';
    case 'stat':
    case 'lstat':
      return 'cannot read';
    case 'write':
      return 'cannot write';
    default:
      return 'cannot use';
  }
}
