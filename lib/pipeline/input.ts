// What a pipeline needs before it may start: a requirement document that is
// UTF-8 text of a sane size, and a workspace folder we can really write to.
// Shared by the API, the upload path and the CLI, so all say the same thing.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export const MAX_REQUIREMENT_BYTES = 1024 * 1024;

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/** A requirement typed or pasted (already a string). */
export function checkRequirementText(text: string, name = 'The requirement document'): Checked<string> {
  const clean = text.replace(/^\uFEFF/, '');
  if (!clean.trim()) return { ok: false, error: `${name} is empty: write what should be built.` };
  const bytes = Buffer.byteLength(clean, 'utf8');
  if (bytes > MAX_REQUIREMENT_BYTES) {
    return { ok: false, error: `${name} is ${mb(bytes)}; the limit is 1 MB. A requirement is prose, not data: link or summarise large inputs.` };
  }
  if (clean.includes('\u0000')) return { ok: false, error: `${name} contains NUL bytes: it looks like a binary file, not text.` };
  return { ok: true, value: clean };
}

/** A requirement read from a file or an upload: bytes that must be UTF-8. */
export function checkRequirementBytes(bytes: Uint8Array, name = 'The requirement document'): Checked<string> {
  if (bytes.byteLength > MAX_REQUIREMENT_BYTES) {
    return { ok: false, error: `${name} is ${mb(bytes.byteLength)}; the limit is 1 MB.` };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    return { ok: false, error: `${name} is not UTF-8 text (invalid byte 0x${bytes[at]?.toString(16).padStart(2, '0')} at offset ${at}). Save it as UTF-8 and try again.` };
  }
  return checkRequirementText(text, name);
}

/** Offset of the first byte that breaks UTF-8 (for a message that helps). */
function firstInvalidUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k >= b.length || (b[i + k]! & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return 0;
}

/**
 * A real write test: access(2) says yes to root even on folders the kernel
 * refuses (sysfs), and a read-only bind mount can pass a mode check.
 */
export function checkWritableFolder(dir: string): Checked<string> {
  let real: string;
  try {
    real = fs.realpathSync(dir);
  } catch {
    return { ok: false, error: `${dir} does not exist. Create it first (mkdir -p ${dir}) or pick another folder.` };
  }
  if (!fs.statSync(real).isDirectory()) return { ok: false, error: `${real} is a file, not a folder.` };
  const probe = path.join(real, `.ca-write-test-${randomBytes(4).toString('hex')}`);
  try {
    fs.writeFileSync(probe, '');
    fs.rmSync(probe, { force: true });
  } catch (e) {
    return { ok: false, error: `${real} is not writable by this server's user (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}). The pipeline writes code there: pick a folder you own.` };
  }
  return { ok: true, value: real };
}

/**
 * A new empty folder for a pipeline to build in: its parent must exist and be
 * writable, and the folder itself must not exist yet (or be empty).
 */
export function createEmptyFolder(dir: string): Checked<string> {
  const abs = path.resolve(dir.trim());
  if (!dir.trim() || !path.isAbsolute(dir.trim())) return { ok: false, error: 'Give the absolute path of the new folder, e.g. /home/me/projects/calc.' };
  if (fs.existsSync(abs)) {
    if (!fs.statSync(abs).isDirectory()) return { ok: false, error: `${abs} exists and is a file.` };
    if (fs.readdirSync(abs).length) return { ok: false, error: `${abs} already exists and is not empty; pick it as an existing workspace instead.` };
  } else {
    const parent = checkWritableFolder(path.dirname(abs));
    if (!parent.ok) return parent;
    try {
      fs.mkdirSync(abs);
    } catch (e) {
      return { ok: false, error: `Could not create ${abs}: ${(e as Error).message}` };
    }
  }
  return checkWritableFolder(abs);
}
