/** pin-rollout's rings as deployments (issue 20): the GitHub inputs, the tracker a run uses, its summary section. */
import { galleryResourceId } from '../core/azure/resource-id.js';
import { ErrorCodes } from '../core/errors.js';
import { inputError } from '../core/input-error.js';
import { ringDeploymentsSection } from '../core/rollout/ring-deployments-report.js';
import { RingDeployments } from '../core/rollout/ring-deployments.js';
import type { RolloutInputs } from '../core/rollout/rollout-types.js';
import type { Summary } from '../core/summary/summary.js';
import type { StepContext } from './step-context.js';
import type { InputSpec } from './step-spec.js';

export const githubDeploymentInputs: Readonly<Record<string, InputSpec>> = {
  'github-deployments': {
    type: 'enum',
    options: ['auto', 'true', 'false'],
    default: 'auto',
    platforms: ['github'],
    description: "Record each ring as a GitHub Deployment to an environment named after the ring, with its state and the image version in the payload (needs 'permissions: deployments: write'). auto: when a token is there; true: fail without a token; false: off. A refused call (403) only warns.",
  },
  'github-token': {
    type: 'string',
    secret: true,
    default: '${{ github.token }}',
    platforms: ['github'],
    description: 'Token that records the deployments (github-deployments); GITHUB_TOKEN when empty.',
  },
};

/**
 * The tracker of a real rollout (none for plan and rollback runs, which deploy nothing). Every platform gets one
 * for the output and summary; the GitHub port joins it when github-deployments allows and the runtime has a token.
 */
export function ringDeploymentsFor(
  inputs: RolloutInputs & { githubDeployments?: 'true' | 'false' | 'auto' },
  ctx: Pick<StepContext, 'deployments' | 'logger' | 'run'>,
): RingDeployments | undefined {
  if (inputs.plan || inputs.rollback) return undefined;
  if (inputs.githubDeployments === 'true' && ctx.deployments === undefined) {
    throw inputError(ErrorCodes.inputMissing, 'github-deployments', "is true but there is no token or repository to record deployments with: set 'github-token' (default ${{ github.token }}) or GITHUB_TOKEN, or set github-deployments to auto. Nothing was changed.");
  }
  const t = inputs.target;
  const port = inputs.githubDeployments === 'false' ? undefined : ctx.deployments;
  return new RingDeployments(port, ctx.logger, ctx.run, { version: inputs.target.version, versionId: galleryResourceId(t.subscriptionId, t.resourceGroup, t.gallery, t.image, t.version) });
}

/** The summary with the deployments table after the ring tables. */
export function withDeployments(summary: Summary, deployments: RingDeployments | undefined): Summary {
  return deployments ? { ...summary, sections: [...summary.sections, ...ringDeploymentsSection(deployments.records)] } : summary;
}
