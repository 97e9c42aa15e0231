import type { GalleryImage } from '@azure/arm-compute';

/** The image definition this publish needs, from image.yaml and inputs. */
export interface DefinitionSpec {
  publisher: string;
  offer: string;
  sku: string;
  osType: 'Linux' | 'Windows';
  osState: 'Generalized' | 'Specialized';
  hyperVGeneration?: 'V1' | 'V2';
  architecture?: 'x64' | 'Arm64';
  /** Gallery image features by name, e.g. SecurityType=TrustedLaunch, DiskControllerTypes=SCSI,NVMe. */
  features?: Readonly<Record<string, string>>;
  recommended?: { vCpus?: { min?: number; max?: number }; memoryGb?: { min?: number; max?: number } };
  description?: string;
  eula?: string;
  privacyStatementUri?: string;
  releaseNoteUri?: string;
  endOfLifeDate?: Date;
}

/** One immutable property that differs between the existing definition and the wanted one. */
export interface DefinitionDifference {
  property: string;
  existing: string;
  wanted: string;
}

// ARM fills these when a definition is created without them, so an absent value means the default.
const DEFAULT_HYPERV = 'V1';
const DEFAULT_ARCHITECTURE = 'x64';

/**
 * The immutable properties (identifier, OS type/state, Hyper-V generation, architecture, features) on which
 * `existing` differs from `wanted`; empty when the definition can be reused. Comparison is case-insensitive
 * as ARM's is. Updatable properties (EULA, URIs, recommendations, end of life) are not compared.
 */
export function diffDefinition(existing: GalleryImage, wanted: DefinitionSpec): DefinitionDifference[] {
  const differences: DefinitionDifference[] = [];
  const compare = (property: string, have: string | undefined, want: string | undefined) => {
    const a = have ?? '(not set)';
    const b = want ?? '(not set)';
    if (a.toLowerCase() !== b.toLowerCase()) differences.push({ property, existing: a, wanted: b });
  };
  compare('identifier.publisher', existing.identifier?.publisher, wanted.publisher);
  compare('identifier.offer', existing.identifier?.offer, wanted.offer);
  compare('identifier.sku', existing.identifier?.sku, wanted.sku);
  compare('osType', existing.osType, wanted.osType);
  compare('osState', existing.osState, wanted.osState);
  compare('hyperVGeneration', existing.hyperVGeneration ?? DEFAULT_HYPERV, wanted.hyperVGeneration ?? DEFAULT_HYPERV);
  compare('architecture', existing.architecture ?? DEFAULT_ARCHITECTURE, wanted.architecture ?? DEFAULT_ARCHITECTURE);

  const have = featureMap(existing.features ?? []);
  const want = new Map(Object.entries(wanted.features ?? {}).map(([k, v]) => [k.toLowerCase(), { name: k, value: v }]));
  const names = new Set([...have.keys(), ...want.keys()]);
  for (const key of [...names].sort()) {
    const name = want.get(key)?.name ?? have.get(key)?.name ?? key;
    compare(`features.${name}`, normalizeFeature(have.get(key)?.value), normalizeFeature(want.get(key)?.value));
  }
  return differences;
}

function featureMap(features: readonly { name?: string; value?: string }[]): Map<string, { name: string; value: string | undefined }> {
  return new Map(features.filter((f) => f.name).map((f) => [(f.name as string).toLowerCase(), { name: f.name as string, value: f.value }]));
}

// DiskControllerTypes is a comma list whose order carries no meaning ("SCSI, NVMe" == "NVMe,SCSI").
function normalizeFeature(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()))
    .join(',');
}

/** The ARM body for creating the definition in `location`. */
export function definitionBody(spec: DefinitionSpec, location: string, tags: Record<string, string>): GalleryImage {
  const body: GalleryImage = {
    location,
    tags,
    identifier: { publisher: spec.publisher, offer: spec.offer, sku: spec.sku },
    osType: spec.osType,
    osState: spec.osState,
  };
  if (spec.hyperVGeneration) body.hyperVGeneration = spec.hyperVGeneration;
  if (spec.architecture) body.architecture = spec.architecture;
  if (spec.features && Object.keys(spec.features).length > 0) {
    body.features = Object.entries(spec.features).map(([name, value]) => ({ name, value }));
  }
  if (spec.recommended) {
    body.recommended = {};
    if (spec.recommended.vCpus) body.recommended.vCPUs = spec.recommended.vCpus;
    if (spec.recommended.memoryGb) body.recommended.memory = spec.recommended.memoryGb;
  }
  if (spec.description) body.description = spec.description;
  if (spec.eula) body.eula = spec.eula;
  if (spec.privacyStatementUri) body.privacyStatementUri = spec.privacyStatementUri;
  if (spec.releaseNoteUri) body.releaseNoteUri = spec.releaseNoteUri;
  if (spec.endOfLifeDate) body.endOfLifeDate = spec.endOfLifeDate;
  return body;
}

/** A multi-line E_DEFINITION_MISMATCH body: one line per difference. */
export function formatDifferences(differences: readonly DefinitionDifference[]): string {
  return differences.map((d) => `- ${d.property}: existing '${d.existing}', wanted '${d.wanted}'`).join('\n');
}
