/**
 * How ARM authorizes a long-running operation's status URL. The URL sits at subscription level
 * (`/subscriptions/s/providers/Microsoft.Compute/locations/x/capsOperations/id`), yet a caller whose roles are
 * scoped to one resource group can follow the operations it starts there: ARM checks read permission on the
 * operation's resource group ("Track asynchronous Azure operations", permission for tracking async status).
 * A caller with roles only on the resource itself cannot poll, as in Azure.
 */
import type { OperationRecord } from '../store/state-types.js';

/** The action and scope to check for this request: the resource group read for a status poll, else unchanged. */
export function statusPollCheck(
  action: string,
  scope: string,
  lookup: (operationId: string) => Pick<OperationRecord, 'resourceId'> | undefined,
): { action: string; scope: string } {
  if (!/^Microsoft\.Compute\/locations\/(capsOperations|operations)\/read$/i.test(action)) return { action, scope };
  const operationId = scope.split('/').pop() ?? '';
  const resourceId = lookup(operationId)?.resourceId;
  const group = resourceId ? /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+/i.exec(resourceId)?.[0] : undefined;
  return group ? { action: 'Microsoft.Resources/subscriptions/resourceGroups/read', scope: group } : { action, scope };
}
