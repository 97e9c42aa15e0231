import { z } from 'zod';
import { normalizeRegion, regionConfig } from '../config/publish-config.js';
import type { ImageConfig, RegionConfig } from '../config/image-config.js';
import { ConfigurationError, ErrorCodes } from '../errors.js';
import { configAt } from '../gallery/publish-inputs.js';
import { type VersionRef, resolveVersionTarget } from '../gallery/gallery-target-input.js';
import { inputError } from '../input-error.js';
import { inputBoolean, inputListOrJson } from '../config/input-values.js';

export type StorageType = 'Standard_LRS' | 'Standard_ZRS' | 'Premium_LRS';
const STORAGE_TYPES: readonly StorageType[] = ['Standard_LRS', 'Standard_ZRS', 'Premium_LRS'];

/** One requested target region; unset fields keep the version's current value (or ARM's default for a new region). */
export interface RegionRequest {
  /** As the user wrote it; checked against the subscription's locations at run time. */
  name: string;
  replicas?: number;
  storageAccountType?: StorageType;
  encryption?: { osDiskEncryptionSetId?: string; dataDisks?: { lun: number; diskEncryptionSetId: string }[] };
  excludeFromLatest?: boolean;
}

export type { VersionRef } from '../gallery/gallery-target-input.js';

/** Typed, validated inputs of the replicate step. */
export interface ReplicateInputs {
  version: VersionRef;
  regions: RegionRequest[];
  /** add: union with the current regions; exact: also remove unlisted ones. */
  mode: 'add' | 'exact';
  replicationMode: 'Full' | 'Shallow' | undefined;
  /** Default replicas for listed regions that give none. */
  replicaCount: number | undefined;
  storageAccountType: StorageType | undefined;
  /** How many times a Failed region is resubmitted before the step fails. */
  retries: number;
  wait: boolean;
  timeoutMs: number;
  /** Cadence of polls and progress lines (Retry-After can only make it slower). */
  progressEveryMs: number;
}

type Parsed = Readonly<Record<string, unknown>>;

function text(parsed: Parsed, input: string): string | undefined {
  const v = parsed[input];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

function configText(config: ImageConfig | undefined, path: string): string | undefined {
  const v = configAt(config, path);
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function integer(parsed: Parsed, input: string, fromConfig: unknown, min: number, max: number): number | undefined {
  const raw = parsed[input] ?? fromConfig;
  if (raw === undefined || raw === '') return undefined;
  const value = typeof raw === 'number' ? raw : Number(String(raw).trim());
  if (!Number.isInteger(value) || value < min || value > max) {
    throw inputError(ErrorCodes.inputInvalid, input, `is '${String(raw)}'; give a whole number from ${min} to ${max}.`);
  }
  return value;
}

function boolean(parsed: Parsed, input: string, fromConfig: unknown, fallback: boolean): boolean {
  const v = parsed[input];
  const given = inputBoolean(v, input);
  if (given !== undefined) return given;
  return typeof fromConfig === 'boolean' ? fromConfig : fallback;
}

function choice<T extends string>(input: string, value: string | undefined, options: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  const match = options.find((o) => o.toLowerCase() === value.toLowerCase());
  if (!match) throw inputError(ErrorCodes.inputInvalid, input, `is '${value}'; use one of ${options.map((o) => `'${o}'`).join(', ')}.`);
  return match;
}

const regionList = z.array(regionConfig).min(1);

/**
 * `regions` as names (comma/newline separated) or a JSON array of names and objects shaped like image.yaml's
 * regions (the runtime parsed either form); image.yaml's `regions` when the input is empty.
 */
function resolveRegions(parsed: Parsed, config: ImageConfig | undefined): RegionRequest[] {
  const given = inputListOrJson(parsed.regions, 'regions');
  let entries: RegionConfig[];
  if (given.length === 0) {
    entries = config?.regions ?? [];
  } else if (given.every((entry) => typeof entry === 'string')) {
    // Names only; case and spaces are normalised later against the subscription's location list.
    entries = given.map((name) => name.trim()).filter((name) => name !== '');
  } else {
    const result = regionList.safeParse(given);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw inputError(ErrorCodes.inputInvalid, 'regions',
        `: ${issue?.path.join('.') || 'value'}: ${issue?.message ?? 'invalid'}. ` +
          `Give names ('westeurope, eastus') or a JSON array such as [{"name":"westeurope","replicas":2,"storageAccountType":"Standard_ZRS"}].`,
      );
    }
    entries = result.data;
  }
  if (entries.length === 0) {
    throw inputError(ErrorCodes.inputMissing, 'regions', `is required: list the target regions ('westeurope, eastus'), or set 'regions' in image.yaml.`);
  }
  return entries.map((entry) => {
    const r = normalizeRegion(entry);
    const out: RegionRequest = { name: r.name };
    if (r.replicas !== undefined) out.replicas = r.replicas;
    if (r.storageAccountType !== undefined) out.storageAccountType = r.storageAccountType;
    if (r.encryption !== undefined) out.encryption = r.encryption;
    if (r.excludeFromLatest !== undefined) out.excludeFromLatest = r.excludeFromLatest;
    return out;
  });
}

/** Builds ReplicateInputs from parsed step inputs and image.yaml; explicit inputs win. Throws naming the input. */
export function resolveReplicateInputs(parsed: Parsed, config: ImageConfig | undefined): ReplicateInputs {
  const version = resolveVersionTarget(parsed, config, { versionFromConfig: true });
  const regions = resolveRegions(parsed, config);
  const mode = choice('mode', text(parsed, 'mode') ?? configText(config, 'replication.mode'), ['add', 'exact'] as const) ?? 'add';
  const replicationMode = choice('replication-mode', text(parsed, 'replication-mode') ?? configText(config, 'replication.replicationMode'), ['Full', 'Shallow'] as const);
  const storageAccountType = choice('storage-account-type', text(parsed, 'storage-account-type') ?? configText(config, 'versioning.storageAccountType'), STORAGE_TYPES);
  const timeoutMinutes = integer(parsed, 'timeout-minutes', configAt(config, 'replication.timeoutMinutes'), 1, 1440) ?? 60;
  return {
    version,
    regions,
    mode,
    replicationMode,
    replicaCount: integer(parsed, 'replica-count', configAt(config, 'versioning.replicaCount'), 1, 100),
    storageAccountType,
    retries: integer(parsed, 'retries', configAt(config, 'replication.retries'), 0, 10) ?? 2,
    wait: boolean(parsed, 'wait', configAt(config, 'replication.wait'), true),
    timeoutMs: timeoutMinutes * 60_000,
    progressEveryMs: (integer(parsed, 'progress-interval-seconds', undefined, 1, 3600) ?? 15) * 1000,
  };
}
