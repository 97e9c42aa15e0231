/**
 * Persistence behind the ARM handlers (like Azurite's IExtentStore): a memory store, and a file store that lets
 * emulators in separate processes (steps run as a runner runs them) see one Azure.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { emptyState, type EmulatorState } from './state-types.js';

export interface StateStore {
  /** The current state; the file store reloads it when another process changed the file. */
  load(): EmulatorState;
  /** Persists the state returned by the last load() after the caller mutated it. */
  save(state: EmulatorState): void;
  reset(): void;
}

/** Keeps state in this process only. */
export function createMemoryStore(): StateStore {
  let state = emptyState();
  return {
    load: () => state,
    save: (next) => {
      state = next;
    },
    reset: () => {
      state = { ...emptyState(), ...(state.meta ? { meta: state.meta } : {}) };
    },
  };
}

/** Keeps state in a JSON file written atomically (temp file + rename), reloaded when its mtime changes. */
export function createFileStore(file: string): StateStore {
  let state = emptyState();
  let loadedStamp = '';
  const stamp = (): string => {
    if (!existsSync(file)) return '';
    const s = statSync(file);
    return `${s.mtimeMs}:${s.size}:${s.ino}`;
  };
  const write = (next: EmulatorState): void => {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(tmp, JSON.stringify(next));
    renameSync(tmp, file);
    loadedStamp = stamp();
  };
  return {
    load() {
      const current = stamp();
      if (current !== '' && current !== loadedStamp) {
        state = JSON.parse(readFileSync(file, 'utf8')) as EmulatorState;
        loadedStamp = current;
      }
      return state;
    },
    save(next) {
      state = next;
      write(next);
    },
    reset() {
      // The cloud's identity survives a reset; only resources and operations go.
      state = { ...emptyState(), ...(state.meta ? { meta: state.meta } : {}) };
      write(state);
    },
  };
}
