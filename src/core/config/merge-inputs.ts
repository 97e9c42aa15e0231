import type { ImageConfig } from './image-config.js';

/**
 * Precedence for every step setting: an explicit input, then image.yaml (by dotted path), then the default.
 * Inputs that image.yaml can supply must not declare a `default` in action.yml/task.json: the GitHub runner
 * fills defaults into INPUT_* itself, so the file could never win. Give the default here instead.
 */
export type ValueSource = 'input' | 'image.yaml' | 'default';

export interface Resolved<T> {
  value: T;
  source: ValueSource;
}

/** Reads `a.b[0].c` / `a.b.0.c` from image.yaml; undefined when any part is missing. */
export function getConfigValue(config: ImageConfig | undefined, path: string): unknown {
  let v: unknown = config;
  for (const part of splitPath(path)) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/** Explicit value first (empty string counts as absent), then image.yaml at `configPath`, then `fallback`. */
export function mergeValue<T>(
  explicit: T | undefined,
  config: ImageConfig | undefined,
  configPath: string | undefined,
  fallback?: T,
): Resolved<T> | undefined {
  if (explicit !== undefined && explicit !== '') return { value: explicit, source: 'input' };
  if (configPath) {
    const fromFile = getConfigValue(config, configPath);
    if (fromFile !== undefined) return { value: fromFile as T, source: 'image.yaml' };
  }
  return fallback === undefined ? undefined : { value: fallback, source: 'default' };
}

/** Parsed step inputs as runtimes hand them to `resolve()`: empty inputs are absent. */
export type InputValues = Readonly<Record<string, unknown>>;

/** Takes input `name` (or image.yaml `configPath`, or `fallback`); the value, or undefined. */
export function takeInput<T>(
  inputs: InputValues,
  name: string,
  config: ImageConfig | undefined,
  configPath?: string,
  fallback?: T,
): T | undefined {
  return mergeValue(inputs[name] as T | undefined, config, configPath, fallback)?.value;
}

/** Where each setting came from, for a debug log line ("gallery-name=g (image.yaml)"). */
export function describeSources(values: Readonly<Record<string, Resolved<unknown> | undefined>>): string {
  return Object.entries(values)
    .flatMap(([k, r]) => (r === undefined ? [] : [`${k}=${typeof r.value === 'object' ? JSON.stringify(r.value) : String(r.value)} (${r.source})`]))
    .join(', ');
}

function splitPath(path: string): string[] {
  return path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((p) => p !== '');
}
