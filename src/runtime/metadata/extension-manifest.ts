import type { AnyStepSpec } from '../../steps/step-spec.js';
import { taskFolder } from './task-json.js';

/** vss-extension.json: one task contribution per step. Icons, overview and publishing belong to packaging (issue 9). */
export function extensionManifest(steps: readonly AnyStepSpec[], version: string): Record<string, unknown> {
  return {
    manifestVersion: 1,
    id: 'image-publish',
    name: 'Image Publish',
    publisher: 'image-publish',
    version,
    description: 'Azure VM image lifecycle as pipeline tasks: bake, scan, sign, publish, replicate, pin-rollout, retire.',
    categories: ['Azure Pipelines'],
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
