/**
 * Maps an ARM action to the least built-in role that grants it, so an AuthorizationFailed turns into
 * "assign role X" instead of a raw action string. Ordered: the first matching rule wins. Each role is checked
 * against Azure's published definition (../shared/azure-roles) by test/unit/azure/role-hints.test.ts.
 */
interface RoleRule {
  match: RegExp;
  role: string;
}

const rules: readonly RoleRule[] = [
  // Image definitions and versions: the read-only gallery role (it does not include the gallery itself).
  { match: /^Microsoft\.Compute\/galleries\/images(\/versions)?\/read$/i, role: 'Compute Gallery Image Reader' },
  // Any other read is covered by Reader.
  { match: /\/read$/i, role: 'Reader' },
  // Sharing a gallery is excluded from the publisher role (notActions) and has its own role.
  { match: /^Microsoft\.Compute\/galleries\/share\/action$/i, role: 'Compute Gallery Sharing Admin' },
  // Gallery, definition and version writes/deletes, and managed images: the purpose-built publisher role.
  { match: /^Microsoft\.Compute\/(galleries|images)(\/|$)/i, role: 'Compute Gallery Artifacts Publisher' },
  // Scale sets and VMs: pin-rollout updates models, upgrades and reimages instances.
  { match: /^Microsoft\.Compute\/(virtualMachineScaleSets|virtualMachines)\//i, role: 'Virtual Machine Contributor' },
  { match: /^Microsoft\.Compute\/(disks|snapshots)\//i, role: 'Contributor' },
  { match: /^Microsoft\.Storage\/storageAccounts\/listKeys\/action$/i, role: 'Storage Account Contributor' },
  { match: /^Microsoft\.Storage\//i, role: 'Storage Account Contributor' },
  { match: /^Microsoft\.VirtualMachineImages\//i, role: 'Contributor' },
  { match: /^Microsoft\.ManagedIdentity\/userAssignedIdentities\/assign\/action$/i, role: 'Managed Identity Operator' },
  { match: /^Microsoft\.Authorization\/policy/i, role: 'Resource Policy Contributor' },
  { match: /^Microsoft\.Resources\/tags\//i, role: 'Tag Contributor' },
];

/** The least built-in role that allows `action` (Contributor when nothing narrower is known). */
export function leastRoleFor(action: string): string {
  return rules.find((r) => r.match.test(action))?.role ?? 'Contributor';
}

/**
 * The scope to grant a denied action at, as docs/rbac.md recommends: the resource group that holds the denied
 * resource (for a gallery, its resource group), else the subscription. Never the resource itself: a denied create
 * names a resource that does not exist yet, and a role cannot be assigned on it.
 */
export function grantScopeFor(deniedScope: string): string {
  const trimmed = deniedScope.replace(/\/+$/, '');
  return /^\/subscriptions\/[^/]+(\/resourceGroups\/[^/]+)?/i.exec(trimmed)?.[0] ?? (trimmed || '/');
}

export interface DeniedAction {
  action: string;
  scope: string;
  clientId?: string;
  objectId?: string;
}

/** Reads the action, scope and caller out of ARM's AuthorizationFailed / LinkedAuthorizationFailed text. */
export function parseAuthorizationFailure(message: string): DeniedAction | undefined {
  const linked = /perform action\(s\) '([^']+)' on the linked scope\(s\) '([^']+)'/i.exec(message);
  const direct = /perform action '([^']+)' over scope '([^']+)'/i.exec(message);
  const hit = linked ?? direct;
  if (!hit?.[1] || !hit[2]) return undefined;
  const client = /client '([^']+)'/i.exec(message)?.[1];
  const objectId = /object id '([^']+)'/i.exec(message)?.[1];
  return {
    action: (hit[1].split(',')[0] ?? hit[1]).trim(),
    scope: (hit[2].split(',')[0] ?? hit[2]).trim(),
    ...(client ? { clientId: client } : {}),
    ...(objectId ? { objectId } : {}),
  };
}
