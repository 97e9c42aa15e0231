import type { GalleryImageVersion } from '@azure/arm-compute';
import type { AzureContext } from '../azure/azure-context.js';
import { azureCall } from '../azure/azure-call.js';
import { parseResourceId } from '../azure/resource-id.js';
import type { CheckResult } from './image-checks.js';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** '30d' → milliseconds (image.yaml durations: a whole number and s/m/h/d/w). */
export function durationMs(value: string): number {
  const match = /^([1-9][0-9]*)(s|m|h|d|w)$/.exec(value);
  if (match === null) throw new RangeError(`'${value}' is not a duration such as '30d'`);
  return Number(match[1]) * (UNIT_MS[match[2] ?? 'd'] ?? 0);
}

export interface SourceCheckOptions {
  approvedPublishers?: readonly string[];
  maxBaseImageAge?: string;
}

/** The version's source id, when it is another gallery image version (the only source ARM dates and attributes). */
function sourceVersionId(version: GalleryImageVersion): string | undefined {
  const id = version.storageProfile?.source?.id;
  const parsed = id === undefined ? undefined : parseResourceId(id);
  return parsed?.type === 'microsoft.compute/galleries/images/versions' ? id : undefined;
}

/**
 * Checks the base the version was built from: its publisher (the source definition's identifier) and its age
 * (the source version's publishedDate). Only a gallery image version source carries both; for a managed image,
 * snapshot or VHD the check fails and says so rather than passing blind.
 */
export async function runSourceChecks(azure: AzureContext, version: GalleryImageVersion, options: SourceCheckOptions, now: number): Promise<CheckResult[]> {
  const wanted = (options.approvedPublishers?.length ?? 0) > 0 || options.maxBaseImageAge !== undefined;
  if (!wanted) return [];
  const sourceId = sourceVersionId(version);
  const parsed = sourceId === undefined ? undefined : parseResourceId(sourceId);
  const results: CheckResult[] = [];
  if (parsed === undefined || parsed.subscriptionId.toLowerCase() !== azure.subscriptionId.toLowerCase()) {
    const what = version.storageProfile?.source?.id ?? version.storageProfile?.osDiskImage?.source?.uri ?? '(none)';
    const detail = `source ${what} is not a gallery image version in this subscription, so ARM reports neither its publisher nor its age; build from a gallery image version or drop this check`;
    if ((options.approvedPublishers?.length ?? 0) > 0) results.push({ check: 'Approved publisher', passed: false, detail });
    if (options.maxBaseImageAge !== undefined) results.push({ check: 'Base image age', passed: false, detail });
    return results;
  }
  const [gallery = '', image = '', name = ''] = parsed.names;
  const compute = azure.compute();
  if ((options.approvedPublishers?.length ?? 0) > 0) {
    const definition = await azureCall(`reading source definition ${gallery}/${image}`, () => compute.galleryImages.get(parsed.resourceGroup, gallery, image));
    const publisher = definition.identifier?.publisher ?? '(none)';
    const passed = (options.approvedPublishers ?? []).some((p) => p.toLowerCase() === publisher.toLowerCase());
    results.push({ check: 'Approved publisher', passed, detail: passed ? publisher : `base ${gallery}/${image} is published by ${publisher}, not one of ${(options.approvedPublishers ?? []).join(', ')}` });
  }
  if (options.maxBaseImageAge !== undefined) {
    const source = await azureCall(`reading source version ${gallery}/${image}/${name}`, () => compute.galleryImageVersions.get(parsed.resourceGroup, gallery, image, name));
    const published = source.publishingProfile?.publishedDate;
    if (published === undefined) {
      results.push({ check: 'Base image age', passed: false, detail: `base ${gallery}/${image}/${name} has no publishedDate` });
    } else {
      const ageDays = (now - published.getTime()) / 86_400_000;
      const passed = now - published.getTime() <= durationMs(options.maxBaseImageAge);
      results.push({
        check: 'Base image age',
        passed,
        detail: `base ${gallery}/${image}/${name} published ${published.toISOString().slice(0, 10)} (${ageDays.toFixed(0)} days ago; limit ${options.maxBaseImageAge})${passed ? '' : '; rebuild from a newer base'}`,
      });
    }
  }
  return results;
}
