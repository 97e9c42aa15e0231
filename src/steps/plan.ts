import { imageMatrix, type ImageMatrix } from '../core/config/image-matrix.js';
import { loadImageSet } from '../core/config/load-image-config.js';
import { ConfigurationError, ErrorCodes } from '../core/errors.js';
import { defineStep } from './step-spec.js';
import { inputError } from '../core/input-error.js';

export interface PlanInputs {
  configPath: string;
}

export type PlanOutputs = {
  images: string;
  matrix: string;
  'azdo-matrix': string;
  count: number;
};

/** Plan: the images of an image.yaml as matrices, so one workflow or pipeline fans out one job per image. */
export const planStep = defineStep<PlanInputs, PlanOutputs>({
  name: 'plan',
  title: 'Plan image jobs',
  description:
    "Lists the images of an image.yaml (its images: section, e.g. one per persona) as a GitHub strategy.matrix and an Azure DevOps strategy: matrix, so each image gets its own bake → publish → rollout job. Needs no Azure access.",
  azdoTaskName: 'PlanImages',
  azdoTaskId: '3b1e7d52-9c4a-4f0e-8d26-7a5c1e9b4f30',
  configScope: 'file',
  azure: 'none',
  inputs: {},
  outputs: {
    images: { description: 'JSON array of the image names, in file order (for a single-image file, its definition name).' },
    matrix: { description: "JSON for GitHub's strategy.matrix, through fromJSON(needs.<job>.outputs.matrix); each entry has name, image (the value for the steps' image input), definition and gallery." },
    'azdo-matrix': { description: "JSON for Azure DevOps' strategy: matrix, through dependencies.<job>.outputs['<step>.azdoMatrix']; each leg sets the variable image." },
    count: { description: 'Number of images.' },
  },
  resolve(parsed) {
    const configPath = typeof parsed.config === 'string' && parsed.config !== '' ? parsed.config : undefined;
    if (configPath === undefined) {
      throw inputError(ErrorCodes.inputMissing, 'config', "is required for plan: name the image.yaml whose images to list.");
    }
    return { configPath };
  },
  async run(inputs, ctx) {
    const plan: ImageMatrix = imageMatrix(await loadImageSet(inputs.configPath));
    ctx.logger.info(`${inputs.configPath}: ${plan.jobs.length} image${plan.jobs.length === 1 ? '' : 's'}: ${plan.jobs.map((j) => j.name).join(', ')}`);
    return {
      outputs: {
        images: JSON.stringify(plan.jobs.map((j) => j.name)),
        matrix: JSON.stringify(plan.github),
        'azdo-matrix': JSON.stringify(plan.azdo),
        count: plan.jobs.length,
      },
      summary: {
        title: 'Image jobs',
        status: `${plan.jobs.length} image${plan.jobs.length === 1 ? '' : 's'} in ${inputs.configPath}`,
        sections: [
          {
            kind: 'table',
            columns: ['Image', 'Definition', 'Gallery'],
            rows: plan.jobs.map((j) => [j.name, j.definition ?? '', j.gallery ?? '']),
          },
        ],
      },
    };
  },
});
