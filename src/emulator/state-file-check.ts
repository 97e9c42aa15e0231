/**
 * Checks a --state-file before the emulator loads it, so an empty, truncated or binary file is one clear line
 * (naming the file, never echoing its bytes) instead of a JSON.parse stack trace.
 */
import { readFileSync, statSync } from 'node:fs';

/** A problem the person starting the emulator can fix; the CLI prints the message and exits 2. */
export class EmulatorStartError extends Error {}

/** Throws EmulatorStartError when `file` exists but cannot be the emulator's state; a missing file is fine (new state). */
export function checkStateFile(file: string): void {
  let size: number;
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) throw new EmulatorStartError(`state file '${file}' is a directory: pass a file path, e.g. '${file.replace(/\/+$/, '')}/emulator-state.json'.`);
    size = stat.size;
  } catch (error) {
    if (error instanceof EmulatorStartError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new EmulatorStartError(`state file '${file}' cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}): check its permissions.`);
  }
  const fix = 'delete it to start with an empty Azure, or pass another --state-file.';
  if (size === 0) throw new EmulatorStartError(`state file '${file}' is empty: ${fix}`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new EmulatorStartError(`state file '${file}' cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}): check its permissions.`);
  }
  if (bytes.includes(0) || !isUtf8(bytes)) throw new EmulatorStartError(`state file '${file}' is binary, not the emulator's JSON state: ${fix}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new EmulatorStartError(`state file '${file}' is not complete JSON (truncated or edited by hand?): ${fix}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || !('resources' in parsed)) {
    throw new EmulatorStartError(`state file '${file}' is JSON but not an emulator state (no 'resources'): ${fix}`);
  }
}

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}
