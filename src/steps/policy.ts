import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type AssignedPolicy, assignPolicy, policyClient } from '../core/policy/assign-policy.js';
import { imagePolicies } from '../core/policy/image-policy.js';
import { hostPoolImagesPolicy } from '../core/policy/host-pool-policy.js';
import { hostPoolMembers } from '../core/policy/host-pool-members.js';
import { HostPoolClient } from '../core/rollout/host-pool-client.js';
import { type PolicyInputs, resolvePolicyInputs } from '../core/policy/policy-inputs.js';
import type { Summary } from '../core/summary/summary.js';
import { defineStep } from './step-spec.js';

export type { PolicyInputs } from '../core/policy/policy-inputs.js';

export type PolicyOutputs = {
  'definition-paths': string;
  'definition-ids': string;
  'assignment-ids': string;
};

/** Policy: Azure Policy that admits only images from approved galleries, optionally requiring tags (issue 10). */
export const policyStep = defineStep<PolicyInputs, PolicyOutputs>({
  name: 'policy',
  title: 'Image policy',
  description:
    'Generates Azure Policy definitions that deny VMs and scale sets whose image is not from an approved Azure Compute Gallery ' +
    '(and, optionally, that lack required tags, or that are session hosts of production AVD host pools); with assign: true, creates the definitions and assigns them.',
  azdoTaskName: 'ImagePolicy',
  azdoTaskId: '00822fd7-3119-44d9-aec4-cc2874082569',
  azure: 'optional',
  inputs: {
    'approved-galleries': { type: 'list', description: "Gallery resource ids whose images are allowed, one per line (default: image.yaml's gallery)." },
    'required-tags': { type: 'list', description: 'Tag names every VM and scale set must carry; adds a second policy definition.' },
    effect: { type: 'enum', options: ['Deny', 'Audit', 'Disabled'], default: 'Deny', description: 'Default effect of the definitions.' },
    'name-prefix': { type: 'string', default: 'image-publish', description: 'Prefix of the policy definition and assignment names.' },
    assign: { type: 'boolean', default: 'false', description: "Create the definitions in the subscription and assign them (needs 'Resource Policy Contributor')." },
    'assignment-scope': { type: 'string', description: 'Where to assign: /subscriptions/<id> (default: the subscription) or a resource group id.' },
    'host-pools': {
      type: 'list',
      description:
        'AVD host pool resource ids, one per line: adds a definition that denies their session host VMs (and VMs in their resource groups) images from outside the approved galleries. Reads the pools\' session hosts (Desktop Virtualization Reader).',
    },
    'output-dir': { type: 'path', description: 'Folder for the generated JSON definitions (default: a folder in the runner temp directory).' },
  },
  outputs: {
    'definition-paths': { description: 'JSON array of the generated policy definition files.' },
    'definition-ids': { description: 'JSON array of policy definition ids (empty unless assign: true).' },
    'assignment-ids': { description: 'JSON array of policy assignment ids (empty unless assign: true).' },
  },
  resolve: resolvePolicyInputs,
  async run(inputs, ctx) {
    const docs = imagePolicies(inputs);
    if (inputs.hostPools.length > 0) {
      const client = new HostPoolClient(ctx.azure.resources(), ctx.azure.cloud.armEndpoint);
      const members = await ctx.logger.group('Host pools', () => hostPoolMembers(client, inputs.hostPools, ctx.logger));
      docs.push(hostPoolImagesPolicy({ ...inputs, members }));
    }
    const dir = resolve(inputs.outputDir ?? join(ctx.workDir, 'policy'));
    await mkdir(dir, { recursive: true });
    const paths: string[] = [];
    for (const doc of docs) {
      const path = join(dir, `${doc.name}.json`);
      await writeFile(path, `${JSON.stringify(doc, null, 2)}\n`);
      paths.push(path);
      ctx.logger.info(`Wrote ${path}`);
    }
    const assigned: AssignedPolicy[] = [];
    if (inputs.assign) {
      const scope = inputs.scope ?? `/subscriptions/${ctx.azure.subscriptionId}`;
      const client = await policyClient(ctx.azure);
      await ctx.logger.group(`Assign at ${scope}`, async () => {
        for (const doc of docs) assigned.push(await assignPolicy(client, doc, scope, ctx.logger));
      });
    }
    return {
      outputs: {
        'definition-paths': JSON.stringify(paths),
        'definition-ids': JSON.stringify(assigned.map((a) => a.definitionId)),
        'assignment-ids': JSON.stringify(assigned.map((a) => a.assignmentId)),
      },
      summary: policySummary(inputs, docs.map((d) => d.name), assigned),
    };
  },
});

/** Job summary: which definitions, what they admit, and what was assigned. */
export function policySummary(inputs: PolicyInputs, names: string[], assigned: AssignedPolicy[]): Summary {
  return {
    title: 'Image policy',
    status: `${names.length} definition(s), effect ${inputs.effect}${inputs.assign ? `, assigned at ${inputs.scope ?? 'the subscription'}` : ', not assigned (assign: false)'}`,
    sections: [
      { kind: 'table', heading: 'Approved galleries', columns: ['Gallery id'], rows: inputs.galleryIds.map((g) => [g]) },
      ...(inputs.hostPools.length > 0
        ? [{ kind: 'table' as const, heading: 'Production host pools', columns: ['Host pool', 'Resource group'], rows: inputs.hostPools.map((p) => [p.name, p.resourceGroup]) }]
        : []),
      {
        kind: 'table',
        heading: 'Definitions',
        columns: ['Name', 'Definition', 'Assignment'],
        rows: names.map((n, i) => [n, assigned[i]?.definition ?? 'generated', assigned[i]?.assignment ?? '-']),
      },
    ],
  };
}
