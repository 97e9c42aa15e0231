/**
 * The one Microsoft Graph call `az role assignment list` makes to name principals:
 * `POST {graph}/v1.0/directoryObjects/getByIds` (https://learn.microsoft.com/graph/api/directoryobject-getbyids).
 * The emulator is its own Graph host (the cloud's microsoftGraphResourceId is its origin); service principals only.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './http-json.js';
import type { AuthenticationResult, RegisteredServicePrincipal } from './identity-types.js';

export const graphGetByIdsPath = '/v1.0/directoryobjects/getbyids';

/** Answers getByIds with `#microsoft.graph.servicePrincipal` stubs for the ids it knows; Graph's error shape otherwise. */
export async function handleGraphGetByIds(
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  authenticate: (header: string | undefined) => Promise<AuthenticationResult>,
  principals: () => RegisteredServicePrincipal[],
): Promise<void> {
  const auth = await authenticate(req.headers.authorization);
  if (!auth.ok) {
    sendJson(res, 401, { error: { code: 'InvalidAuthenticationToken', message: auth.message } }, { 'WWW-Authenticate': auth.wwwAuthenticate });
    return;
  }
  if (req.method !== 'POST') {
    sendJson(res, 405, { error: { code: 'Request_BadRequest', message: `Method '${req.method ?? ''}' is not supported; use POST.` } });
    return;
  }
  let ids: unknown;
  try {
    ids = (JSON.parse(body.toString('utf8')) as { ids?: unknown }).ids;
  } catch {
    ids = undefined;
  }
  if (!Array.isArray(ids)) {
    sendJson(res, 400, { error: { code: 'Request_BadRequest', message: "The request body must be JSON with an 'ids' array." } });
    return;
  }
  const wanted = new Set(ids.map((i) => String(i).toLowerCase()));
  const value = principals()
    .filter((p) => wanted.has(p.objectId.toLowerCase()))
    .map((p) => ({ '@odata.type': '#microsoft.graph.servicePrincipal', id: p.objectId, appId: p.clientId, displayName: p.displayName, servicePrincipalType: 'Application', servicePrincipalNames: [p.clientId] }));
  sendJson(res, 200, { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#directoryObjects', value });
}
