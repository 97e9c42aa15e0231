import { isRestError } from './rest-error.js';
import { toImagePublishError } from './azure-errors.js';

/** Runs one SDK call and translates any failure through toImagePublishError, naming what we were doing. */
export async function azureCall<T>(doing: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw toImagePublishError(err, doing);
  }
}

/** Like azureCall, but a 404 for the resource itself yields undefined (a missing resource group still throws). */
export async function azureGetOrUndefined<T>(doing: string, call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw toImagePublishError(err, doing);
  }
}

/** A 404 for the resource, as opposed to its resource group or subscription being absent. */
export function isNotFound(err: unknown): boolean {
  if (!isRestError(err) || err.statusCode !== 404) return false;
  return err.code !== 'ResourceGroupNotFound' && err.code !== 'SubscriptionNotFound';
}

/** ARM's 412 (If-None-Match refused) or 409 (another operation owns the resource): someone else got there first. */
export function isConflict(err: unknown): boolean {
  return isRestError(err) && (err.statusCode === 409 || err.statusCode === 412);
}
