/**
 * Maps an ARM action to the least built-in role that grants it, so an AuthorizationFailed turns into
 * "assign role X" instead of a raw action string. Ordered: the first matching rule wins.
 */
interface RoleRule {
  match: RegExp;
  role: string;
}

const rules: readonly RoleRule[] = [
  // Any read is covered by Reader; gallery-only readers may prefer Compute Gallery Image Reader.
  { match: /\/read$/i, role: 'Reader' },
  // Gallery, definition and version writes/deletes: the purpose-built publisher role.
  { match: /^Microsoft\.Compute\/galleries(\/|$)/i, role: 'Compute Gallery Artifacts Publisher' },
  // Scale sets and VMs: pin-rollout updates models, upgrades and reimages instances.
  { match: /^Microsoft\.Compute\/(virtualMachineScaleSets|virtualMachines)\//i, role: 'Virtual Machine Contributor' },
  { match: /^Microsoft\.Compute\/(disks|snapshots|images)\//i, role: 'Contributor' },
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
    action: hit[1].split(',')[0]!.trim(),
    scope: hit[2].split(',')[0]!.trim(),
    ...(client ? { clientId: client } : {}),
    ...(objectId ? { objectId } : {}),
  };
}
