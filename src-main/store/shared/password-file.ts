import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

// A seat's password kept out of its connection string (and so out of the library's settings and the command line):
// PostgreSQL's own password file, as psql reads it. Lines of host:port:database:user:password, `*` matching
// anything, `\:` and `\\` escaping; the first matching line wins. Like libpq, a file others can read is ignored.

/** The file libpq reads: PGPASSFILE, else ~/.pgpass. */
export function passwordFilePath(): string {
  return process.env.PGPASSFILE || join(homedir(), '.pgpass');
}

/** The password the file holds for this server, database and user; undefined when none matches or it is unusable. */
export function passwordFromFile(
  target: { host: string; port: number; database: string; user: string },
  path: string = passwordFilePath(),
): string | undefined {
  let text: string;
  try {
    // Group or world access: libpq refuses such a file, and so does Hark (on Windows the mode says nothing).
    if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) return undefined;
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const wanted = [target.host, String(target.port), target.database, target.user];
  for (const line of text.split(/\r?\n/)) {
    if (!line || line.startsWith('#')) continue;
    const fields = splitFields(line);
    if (fields.length !== 5) continue;
    if (wanted.every((value, i) => fields[i] === '*' || fields[i] === value)) return fields[4];
  }
  return undefined;
}

function splitFields(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (char === '\\' && i + 1 < line.length) field += line[++i]!;
    else if (char === ':' && fields.length < 4) {
      fields.push(field);
      field = '';
    } else field += char;
  }
  fields.push(field);
  return fields;
}
