import type { AnyStepSpec } from '../../steps/step-spec.js';
import { docUrl, PROJECT_HOME, PROJECT_OWNER } from '../../core/project-home.js';
import { taskFolder } from './task-json.js';

/**
 * The Marketplace publisher id. It defaults to the home repository's owner (package.json `repository`); a fork whose
 * publisher id differs sets it here (docs/marketplace.md).
 */
export const MARKETPLACE_PUBLISHER: string = PROJECT_OWNER;

/**
 * Screenshots of real job summaries for the listing (repo-relative PNGs), rendered from a demo run by
 * `npm run screenshots` (scripts/screenshots.ts); packaging checks that each exists and stages it into the .vsix.
 */
export const LISTING_SCREENSHOTS: readonly string[] = ['docs/images/summary-pin-rollout.png', 'docs/images/summary-publish.png'];

/** vss-extension.json: the Marketplace listing and one task contribution per step (packaging stages the files). */
export function extensionManifest(steps: readonly AnyStepSpec[], version: string): Record<string, unknown> {
  return {
    manifestVersion: 1,
    id: 'image-publish',
    name: 'Image Publish',
    publisher: MARKETPLACE_PUBLISHER,
    version,
    description: 'Azure VM image lifecycle as pipeline tasks: bake, scan, sign, publish, replicate, pin-rollout, retire.',
    categories: ['Azure Pipelines'],
    tags: ['Azure', 'VM image', 'Compute Gallery', 'Shared Image Gallery', 'Packer', 'SBOM', 'SLSA', 'in-toto', 'rollout', 'scale sets'],
    links: {
      home: { uri: PROJECT_HOME },
      getstarted: { uri: `${PROJECT_HOME}#readme` },
      support: { uri: `${PROJECT_HOME}/issues` },
      license: { uri: docUrl('LICENSE') },
      repository: { uri: PROJECT_HOME },
    },
    repository: { type: 'git', uri: PROJECT_HOME },
    branding: { color: '#0b3d91', theme: 'dark' },
    content: { license: { path: 'LICENSE' } },
    ...(LISTING_SCREENSHOTS.length === 0 ? {} : { screenshots: LISTING_SCREENSHOTS.map((path) => ({ path })) }),
    targets: [{ id: 'Microsoft.VisualStudio.Services' }],
    files: [...steps.map((step) => ({ path: taskFolder(step) })), { path: 'dist' }],
    contributions: steps.map((step) => ({
      id: `${step.name}-task`,
      type: 'ms.vss-distributed-task.task',
      targets: ['ms.vss-distributed-task.tasks'],
      properties: { name: taskFolder(step) },
    })),
  };
}
