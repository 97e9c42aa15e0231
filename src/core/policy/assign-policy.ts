/**
 * Creates the policy definitions and their assignments through @azure/arm-policy. Idempotent: each resource is
 * read first and only written when missing or different, so re-runs report "unchanged" and write nothing.
 */
import type { PolicyAssignment, PolicyClient, PolicyDefinition } from '@azure/arm-policy';
import type { AzureContext } from '../azure/azure-context.js';
import { armScope } from '../azure/clouds.js';
import { defaultRetryOptions, userAgent } from '../azure/arm-client-options.js';
import { armErrorCapturePolicy } from '../azure/arm-error-capture.js';
import { azureCall, azureGetOrUndefined } from '../azure/azure-call.js';
import type { Logger } from '../logger.js';
import type { PolicyDefinitionDocument } from './image-policy.js';

export type WriteOutcome = 'created' | 'updated' | 'unchanged';

export interface AssignedPolicy {
  definitionId: string;
  definition: WriteOutcome;
  assignmentId: string;
  assignment: WriteOutcome;
}

/** A PolicyClient with the project's endpoint, scope, retry and user-agent settings; the SDK loads on this path only. */
export async function policyClient(azure: AzureContext): Promise<PolicyClient> {
  const { PolicyClient } = await import('@azure/arm-policy');
  return new PolicyClient(azure.credential, azure.subscriptionId, {
    endpoint: azure.cloud.armEndpoint.replace(/\/+$/, ''),
    credentialScopes: [armScope(azure.cloud)],
    retryOptions: defaultRetryOptions,
    userAgentOptions: { userAgentPrefix: userAgent() },
    additionalPolicies: [{ policy: armErrorCapturePolicy, position: 'perCall' }],
  });
}

/** JSON equality ignoring key order, for "is the stored definition what we would write?". */
function sameJson(a: unknown, b: unknown): boolean {
  const norm = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(norm) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => x.localeCompare(y)).map(([k, x]) => [k, norm(x)])) : v;
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

/** Assignment names are limited to 64 characters at subscription and resource group scope. */
export function assignmentName(definitionName: string): string {
  return definitionName.length <= 64 ? definitionName : definitionName.slice(0, 64);
}

/** Creates or updates one definition at subscription scope and assigns it at `scope`. */
export async function assignPolicy(
  client: PolicyClient,
  doc: PolicyDefinitionDocument,
  scope: string,
  logger: Logger,
): Promise<AssignedPolicy> {
  const p = doc.properties;
  const wanted: PolicyDefinition = {
    policyType: p.policyType,
    mode: p.mode,
    displayName: p.displayName,
    description: p.description,
    metadata: p.metadata,
    parameters: p.parameters as PolicyDefinition['parameters'],
    policyRule: p.policyRule,
  };
  const existing = await azureGetOrUndefined(`reading policy definition ${doc.name}`, () => client.policyDefinitions.get(doc.name));
  let definitionOutcome: WriteOutcome = 'unchanged';
  let definitionId = existing?.id ?? '';
  const differs =
    !existing ||
    existing.mode !== wanted.mode ||
    !sameJson(existing.policyRule, wanted.policyRule) ||
    !sameJson(existing.parameters, wanted.parameters) ||
    existing.displayName !== wanted.displayName;
  if (differs) {
    const written = await azureCall(`writing policy definition ${doc.name}`, () => client.policyDefinitions.createOrUpdate(doc.name, wanted));
    definitionId = written.id ?? '';
    definitionOutcome = existing ? 'updated' : 'created';
  }
  logger.info(`Policy definition ${doc.name}: ${definitionOutcome}`);

  const name = assignmentName(doc.name);
  // The SDK builds `/{scope}/providers/...` without encoding, so the scope goes in without its leading slash.
  const sdkScope = scope.replace(/^\/+/, '');
  const assignment: PolicyAssignment = {
    displayName: p.displayName,
    description: p.description,
    policyDefinitionId: definitionId,
    enforcementMode: 'Default',
    metadata: { createdBy: p.metadata.createdBy },
  };
  const current = await azureGetOrUndefined(`reading policy assignment ${name} at ${scope}`, () => client.policyAssignments.get(sdkScope, name));
  let assignmentOutcome: WriteOutcome = 'unchanged';
  let assignmentId = current?.id ?? '';
  if (!current || (current.policyDefinitionId ?? '').toLowerCase() !== definitionId.toLowerCase() || current.enforcementMode !== 'Default') {
    const written = await azureCall(`assigning policy ${doc.name} at ${scope}`, () => client.policyAssignments.create(sdkScope, name, assignment));
    assignmentId = written.id ?? '';
    assignmentOutcome = current ? 'updated' : 'created';
  }
  logger.info(`Policy assignment ${name} at ${scope}: ${assignmentOutcome}`);
  return { definitionId, definition: definitionOutcome, assignmentId, assignment: assignmentOutcome };
}
