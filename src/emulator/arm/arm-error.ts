/** ARM-shaped errors (like Azurite's StorageErrorFactory): every failure leaves as {"error":{code,message,target?}}. */

export class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly target?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ArmError';
  }

  toBody(): { error: { code: string; message: string; target?: string } } {
    return { error: { code: this.code, message: this.message, ...(this.target ? { target: this.target } : {}) } };
  }
}

export const armErrors = {
  invalidParameter: (target: string, message: string) => new ArmError(400, 'InvalidParameter', message, target),
  invalidRequestContent: (message: string) => new ArmError(400, 'InvalidRequestContent', message),
  missingProperty: (target: string) =>
    new ArmError(400, 'InvalidParameter', `Required parameter '${target}' is missing (null).`, target),
  resourceGroupNotFound: (name: string) =>
    new ArmError(404, 'ResourceGroupNotFound', `Resource group '${name}' could not be found.`),
  resourceNotFound: (type: string, name: string, resourceGroup: string) =>
    new ArmError(
      404,
      'ResourceNotFound',
      `The Resource '${type}/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    ),
  parentResourceNotFound: (parentId: string, childName: string) =>
    new ArmError(
      404,
      'ParentResourceNotFound',
      `Can not perform requested operation on nested resource. Parent resource '${parentId}' not found.`,
      childName,
    ),
  notFound: (message: string, target?: string) => new ArmError(404, 'NotFound', message, target),
  conflict: (code: string, message: string, target?: string) => new ArmError(409, code, message, target),
  propertyChangeNotAllowed: (property: string) =>
    new ArmError(409, 'PropertyChangeNotAllowed', `Changing property '${property}' is not allowed.`, property),
  missingApiVersion: () =>
    new ArmError(
      400,
      'MissingApiVersionParameter',
      "The api-version query parameter (?api-version=) is required for all requests.",
    ),
  invalidApiVersion: (apiVersion: string, resourceType: string, supported: readonly string[]) =>
    new ArmError(
      400,
      'InvalidApiVersionParameter',
      `The api-version '${apiVersion}' is invalid. The supported versions are '${supported.join(',')}'. Resource type: '${resourceType}'.`,
    ),
  /** What ARM's front door answers for an api-version no resource provider registered (non-Microsoft.Resources types). */
  noRegisteredProvider: (apiVersion: string, resourceType: string, supported: readonly string[], location: string | undefined, locations: readonly string[]) =>
    new ArmError(
      400,
      'NoRegisteredProviderFound',
      `No registered resource provider found for ${location ? `location '${location}' and ` : ''}API version '${apiVersion}' for type '${resourceType.split('/').slice(1).join('/')}'. ` +
        `The supported api-versions are '${supported.join(', ')}'. The supported locations are '${locations.join(', ')}'.`,
    ),
  invalidTag: (code: 'InvalidTagNameLength' | 'InvalidTagValueLength' | 'InvalidTagCount' | 'InvalidTagName', message: string) =>
    new ArmError(400, code, message, 'tags'),
  noRoute: (method: string, path: string) =>
    new ArmError(
      404,
      'InvalidResourceType',
      `The emulator does not serve '${method} ${path}'. See docs/emulator-deviations.md for the covered operations.`,
    ),
  methodNotAllowed: (method: string, path: string) =>
    new ArmError(405, 'MethodNotAllowed', `The requested method '${method}' is not allowed for '${path}'.`),
};
