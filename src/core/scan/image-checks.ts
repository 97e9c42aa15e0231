import type { GalleryImage, GalleryImageVersion } from '@azure/arm-compute';
import type { AzureContext } from '../azure/azure-context.js';
import { azureCall } from '../azure/azure-call.js';
import { ephemeralFit } from './ephemeral-fit.js';
import { runSourceChecks } from './source-checks.js';

/** Built-in checks on a published image, read through ARM (image.yaml `scan.checks`). */
export interface ImageChecks {
  /** Accepted SecurityType feature values of the definition (TrustedLaunch, ConfidentialVM). */
  securityType?: readonly string[];
  osState?: 'Generalized' | 'Specialized';
  /** Tag names that must be set on the version. */
  requiredTags?: readonly string[];
  /** Gallery resource ids (or ids of images inside them) the version's source must come from. */
  approvedGalleries?: readonly string[];
  /** Publishers (identifier.publisher of the source definition) the base image must come from. */
  approvedPublishers?: readonly string[];
  /** Maximum age of the base (source gallery version's publishedDate), e.g. '90d'. */
  maxBaseImageAge?: string;
  /** VM sizes that must be able to host the OS disk as an ephemeral OS disk. */
  ephemeralOsDiskSizes?: readonly string[];
  /** Check a local VHD given as `path` (fixed, 1 MiB aligned, footer checksum); on by default, false turns it off. */
  vhd?: boolean;
}

export interface ImageTarget {
  resourceGroup: string;
  gallery: string;
  definition: string;
  version: string;
}

export interface CheckResult {
  check: string;
  passed: boolean;
  detail: string;
}

function feature(definition: GalleryImage, name: string): string | undefined {
  return definition.features?.find((f) => f.name?.toLowerCase() === name.toLowerCase())?.value;
}

function sourceId(version: GalleryImageVersion): string | undefined {
  const profile = version.storageProfile;
  return profile?.source?.id ?? profile?.source?.virtualMachineId ?? profile?.osDiskImage?.source?.id ?? profile?.osDiskImage?.source?.uri;
}

/** Capabilities of each requested VM size offered in `location`, keyed by size name (lower case). */
async function skuCapabilities(azure: AzureContext, location: string): Promise<Map<string, Map<string, string>>> {
  const out = new Map<string, Map<string, string>>();
  const pages = azure.compute().resourceSkus.list({ filter: `location eq '${location}'` });
  for await (const sku of pages) {
    if (sku.resourceType !== 'virtualMachines' || sku.name === undefined) continue;
    if (!(sku.locations ?? []).some((l) => l.toLowerCase() === location.toLowerCase())) continue;
    out.set(sku.name.toLowerCase(), new Map((sku.capabilities ?? []).map((c) => [c.name ?? '', c.value ?? ''])));
  }
  return out;
}

/** Runs the configured checks on one image version; read-only. */
export async function runImageChecks(azure: AzureContext, target: ImageTarget, checks: ImageChecks, now: number): Promise<CheckResult[]> {
  const compute = azure.compute();
  const where = `${target.gallery}/${target.definition}`;
  const definition = await azureCall(`reading image definition ${where}`, () => compute.galleryImages.get(target.resourceGroup, target.gallery, target.definition));
  const version = await azureCall(`reading image version ${where}/${target.version}`, () =>
    compute.galleryImageVersions.get(target.resourceGroup, target.gallery, target.definition, target.version),
  );
  const results: CheckResult[] = [];
  if (checks.securityType !== undefined && checks.securityType.length > 0) {
    const actual = feature(definition, 'SecurityType') ?? 'Standard';
    const passed = checks.securityType.some((s) => s.toLowerCase() === actual.toLowerCase());
    results.push({ check: 'SecurityType', passed, detail: passed ? actual : `definition ${where} has SecurityType ${actual}; policy requires ${checks.securityType.join(' or ')} (set it when the definition is created; it cannot be changed later)` });
  }
  if (checks.osState !== undefined) {
    const passed = definition.osState === checks.osState;
    results.push({ check: 'osState', passed, detail: passed ? checks.osState : `definition ${where} is ${definition.osState ?? 'unknown'}, policy requires ${checks.osState}` });
  }
  if (checks.requiredTags !== undefined && checks.requiredTags.length > 0) {
    const tags = version.tags ?? {};
    const missing = checks.requiredTags.filter((t) => tags[t] === undefined || tags[t] === '');
    results.push({ check: 'Required tags', passed: missing.length === 0, detail: missing.length === 0 ? checks.requiredTags.join(', ') : `version ${target.version} lacks tag(s) ${missing.join(', ')}` });
  }
  if (checks.approvedGalleries !== undefined && checks.approvedGalleries.length > 0) {
    const source = sourceId(version);
    const passed = source !== undefined && checks.approvedGalleries.some((g) => source.toLowerCase().startsWith(g.toLowerCase().replace(/\/+$/, '')));
    results.push({ check: 'Approved source', passed, detail: passed ? (source ?? '') : `source ${source ?? '(none)'} is not in an approved gallery (${checks.approvedGalleries.join(', ')})` });
  }
  results.push(...(await runSourceChecks(azure, version, checks, now)));
  if (checks.ephemeralOsDiskSizes !== undefined && checks.ephemeralOsDiskSizes.length > 0) {
    const osDiskGiB = version.storageProfile?.osDiskImage?.sizeInGB;
    if (osDiskGiB === undefined) {
      results.push({ check: 'Ephemeral OS disk', passed: false, detail: `version ${target.version} reports no OS disk size; wait until it has finished provisioning` });
    } else {
      const capabilities = await skuCapabilities(azure, version.location);
      for (const size of checks.ephemeralOsDiskSizes) {
        const fit = ephemeralFit(size, osDiskGiB, capabilities.get(size.toLowerCase()));
        results.push({
          check: `Ephemeral OS disk on ${size}`,
          passed: fit.placements.length > 0,
          detail: fit.placements.length > 0 ? `${osDiskGiB} GiB fits: ${fit.placements.join(', ')}` : `${osDiskGiB} GiB in ${version.location}: ${fit.reason ?? 'no placement'}`,
        });
      }
    }
  }
  return results;
}
