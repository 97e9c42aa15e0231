import type { ImageConfig } from '../config/image-config.js';
import { parseDurationMs } from '../config/durations.js';
import { ConfigurationError, ErrorCodes } from '../errors.js';
import type { ImageBuilderBakeInputs } from './bake-config.js';
import { inputError } from '../input-error.js';
import { inputString } from '../config/input-values.js';

type Parsed = Readonly<Record<string, unknown>>;
type ImageBuilderConfig = Extract<NonNullable<ImageConfig['bake']>, { engine: 'image-builder' }>;

const DEFAULT_BUILD_TIMEOUT_MINUTES = 240;
/** AIB's own limit on buildTimeoutInMinutes. */
const MAX_BUILD_TIMEOUT_MINUTES = 960;

/**
 * The template name for one image version: `<templateName>-<version>` (dots kept, other characters AIB refuses
 * replaced), so a re-run of the same version finds and reuses its template, and another version gets a new one.
 */
export function imageTemplateName(base: string, version: string | undefined): string {
  const raw = version ? `${base}-${version}` : base;
  const name = raw.replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 64);
  if (!/^[A-Za-z0-9]/.test(name)) {
    throw new ConfigurationError(ErrorCodes.inputInvalid, `bake.templateName '${base}' must start with a letter or digit (Azure Image Builder template names do).`);
  }
  return name;
}

/** Merges image.yaml's `bake` (engine image-builder) with the step inputs into the engine's typed inputs. */
export function resolveImageBuilder(parsed: Parsed, bake: ImageBuilderConfig | undefined, config: ImageConfig | undefined): ImageBuilderBakeInputs {
  if (!bake) {
    throw new ConfigurationError(
      ErrorCodes.inputMissing,
      "The image-builder engine is configured in image.yaml: add a `bake:` section with engine: image-builder, templateName, resourceGroup, " +
        'location, identityId and source (see docs/steps/bake.md), and pass the file with the `config` input.',
    );
  }
  const version = inputString(parsed['image-version']) ?? config?.versioning?.version;
  const buildTimeoutMinutes = bake.buildTimeout ? Math.ceil(parseDurationMs(bake.buildTimeout, 'bake.buildTimeout') / 60_000) : DEFAULT_BUILD_TIMEOUT_MINUTES;
  if (buildTimeoutMinutes > MAX_BUILD_TIMEOUT_MINUTES) {
    throw new ConfigurationError(ErrorCodes.inputInvalid, `bake.buildTimeout '${bake.buildTimeout}' is over Azure Image Builder's limit of 960 minutes (16h); shorten it.`);
  }
  for (const [i, c] of [...(bake.customizers ?? []), ...(bake.validation ?? [])].entries()) {
    if ((c.type === 'shell' || c.type === 'powershell') && !c.inline?.length && !c.scriptUri) {
      throw new ConfigurationError(ErrorCodes.configInvalid, `bake customizer #${i + 1} (${c.name ?? c.type}) needs inline commands or a scriptUri.`);
    }
  }
  for (const [i, c] of (bake.validation ?? []).entries()) {
    if (!['shell', 'powershell', 'file'].includes(c.type)) {
      throw new ConfigurationError(ErrorCodes.configInvalid, `bake.validation[${i}] has type '${c.type}'; Azure Image Builder validators are shell, powershell or file.`);
    }
  }
  const timeoutMinutes = typeof parsed['timeout-minutes'] === 'number' ? parsed['timeout-minutes'] : buildTimeoutMinutes + 30;
  const inputs: ImageBuilderBakeInputs = {
    engine: 'image-builder',
    templateName: imageTemplateName(inputString(parsed['template-name']) ?? bake.templateName, version),
    resourceGroup: bake.resourceGroup,
    location: bake.location,
    source: bake.source.kind === 'platform' ? { ...bake.source, version: bake.source.version ?? 'latest' } : bake.source,
    customizers: bake.customizers ?? [],
    validation: bake.validation ?? [],
    identityId: bake.identityId,
    buildTimeoutMinutes,
    distribute: bake.distribute?.kind === 'gallery'
      ? { ...bake.distribute, regions: bake.distribute.regions ?? [bake.location] }
      : (bake.distribute ?? { kind: 'managed-image' }),
    cleanup: typeof parsed.cleanup === 'boolean' ? parsed.cleanup : (bake.cleanup ?? false),
    timeoutMs: timeoutMinutes * 60_000,
    progressIntervalSeconds: int(parsed, 'progress-interval-seconds', 15),
  };
  if (version) inputs.imageVersion = version;
  if (bake.vmSize) inputs.vmSize = bake.vmSize;
  if (bake.osDiskSizeGB) inputs.osDiskSizeGB = bake.osDiskSizeGB;
  if (bake.stagingResourceGroup) inputs.stagingResourceGroup = bake.stagingResourceGroup;
  const manifestPath = inputString(parsed['manifest-path']);
  if (manifestPath) inputs.manifestPath = manifestPath;
  return inputs;
}

function int(parsed: Parsed, name: string, fallback: number): number {
  const value = parsed[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 3600) {
    throw inputError(ErrorCodes.inputInvalid, name, `must be an integer from 1 to 3600; got '${String(value)}'.`);
  }
  return value;
}
