import type { AzureContext } from '../../core/azure/azure-context.js';

/**
 * An AzureContext built on first use, so a bad or absent identity fails the step only when it actually talks
 * to Azure, and startup does not pay for SDK construction it may not need. A Proxy forwards every member, so
 * this keeps working as AzureContext grows new client getters.
 */
export function lazyAzureContext(build: () => AzureContext): AzureContext {
  let built: AzureContext | undefined;
  const get = (): AzureContext => (built ??= build());
  return new Proxy({} as AzureContext, {
    get(_target, property) {
      const context = get();
      const value: unknown = Reflect.get(context, property);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(context) : value;
    },
    has: (_target, property) => Reflect.has(get(), property),
  });
}
