import { randomUUID } from 'node:crypto';
import type { GalleryApplication } from '@azure/arm-compute';
import type { AzureContext } from '../azure/azure-context.js';
import type { Clock } from '../clock.js';
import { ProvenanceTagKeys } from '../tags/provenance-tags.js';
import { azureCall } from '../azure/azure-call.js';
import type { GalleryTarget } from './gallery-setup.js';

/**
 * A run's intent register: one gallery application per publish, named uniquely for the run, that only this
 * run ever writes. Before its version PUT a run writes "I am about to create <definition>/<version>" here,
 * then lists every register of the gallery, then reads the version, and PUTs only when no other run
 * declared the same version and it does not exist. The register is withdrawn (deleted) once the version
 * exists or the run gives up.
 *
 * Why this never lets two runs PUT one version (the ARM guarantee relied on is only read-after-write: a
 * resource whose PUT ARM accepted is returned by every later GET or list): if runs A and B both PUT v, both
 * wrote their intent for v before listing. Say A wrote first. B listed after its own write, so after A's; it
 * saw no intent of A for v, so A had withdrawn it, which A does only after its version PUT was accepted (or
 * after giving v up, when it sends no PUT). Then B's read of v, after its list, finds v and B moves on. So a
 * lost race costs a retry and never an update of another run's version. Gallery versions offer no
 * conditional create (GalleryRP 2025-12-03 declares no If-Match / If-None-Match on
 * GalleryImageVersions_CreateOrUpdate), which is why the arbitration happens before the PUT.
 */
export class VersionIntents {
  private readonly name = `image-publish-claim-${randomUUID()}`;
  private declared = false;

  constructor(
    private readonly azure: AzureContext,
    private readonly target: GalleryTarget,
    private readonly location: string,
    private readonly claim: string,
    private readonly clock: Clock,
  ) {}

  /** Writes this run's intent to create `version` (replacing its previous one). */
  async declare(version: string): Promise<void> {
    await this.write(version);
  }

  /** Gives up the declared version without deleting the register (it is written again for the next number). */
  async stepBack(): Promise<void> {
    if (this.declared) await this.write(undefined);
  }

  private async write(version: string | undefined): Promise<void> {
    const { resourceGroup, gallery, image } = this.target;
    const tags: Record<string, string> = { [ProvenanceTagKeys.claim]: this.claim, [INTENT_SINCE]: new Date(this.clock.now()).toISOString() };
    if (version !== undefined) tags[ProvenanceTagKeys.intent] = `${image}/${version}`;
    const body: GalleryApplication = {
      location: this.location,
      tags,
      // Required by GalleryApplicationProperties; the register holds no package.
      supportedOSType: 'Linux',
      description: `image-publish: a publish run is choosing a version number of ${image}; deleted when it ends.`,
    };
    await azureCall(`writing the version claim ${this.name} in gallery '${gallery}'`, () =>
      this.azure.compute().galleryApplications.createOrUpdate(resourceGroup, gallery, this.name, body).submitted(),
    );
    this.declared = true;
  }

  /** The versions of this definition that other runs have declared and not withdrawn (stale ones ignored). */
  async declaredByOthers(): Promise<Set<string>> {
    const { resourceGroup, gallery, image } = this.target;
    const taken = new Set<string>();
    const prefix = `${image.toLowerCase()}/`;
    const now = this.clock.now();
    await azureCall(`listing version claims in gallery '${gallery}'`, async () => {
      for await (const app of this.azure.compute().galleryApplications.listByGallery(resourceGroup, gallery)) {
        const intent = app.tags?.[ProvenanceTagKeys.intent];
        if (app.name === this.name || intent === undefined || !intent.toLowerCase().startsWith(prefix)) continue;
        const since = Date.parse(app.tags?.[INTENT_SINCE] ?? '');
        if (Number.isFinite(since) && now - since > STALE_INTENT_MS) continue;
        taken.add(intent.slice(prefix.length));
      }
    });
    return taken;
  }

  /** Deletes the register; best effort, as a leftover only makes other runs skip one number until it is stale. */
  async withdraw(): Promise<void> {
    if (!this.declared) return;
    const { resourceGroup, gallery } = this.target;
    try {
      await this.azure.compute().galleryApplications.delete(resourceGroup, gallery, this.name).submitted();
      this.declared = false;
    } catch {
      // A crashed or failed delete leaves a register that expires after STALE_INTENT_MS.
    }
  }
}

const INTENT_SINCE = `${ProvenanceTagKeys.intent}-since`;

/**
 * A register older than this belongs to a run that died before withdrawing it. A live run keeps its intent
 * only for the moments between writing it and its version PUT, so hours are far beyond any real gap.
 */
export const STALE_INTENT_MS = 6 * 60 * 60 * 1000;
