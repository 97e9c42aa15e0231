/** App registrations / service principals of the emulated tenant and their credentials (secret, certificate, federated). */
import { createHash, randomBytes, randomUUID, timingSafeEqual, X509Certificate } from 'node:crypto';
import type { FederatedCredential, RegisteredServicePrincipal, ServicePrincipalRegistration } from './identity-types.js';

export interface RegisteredCertificate {
  /** base64url SHA-1 of the DER (the `x5t` header). */
  x5t: string;
  /** base64url SHA-256 of the DER (the `x5t#S256` header). */
  x5tS256: string;
  certificatePem: string;
}

export interface ServicePrincipalRecord {
  displayName: string;
  clientId: string;
  objectId: string;
  clientSecret?: string;
  certificates: RegisteredCertificate[];
  federatedCredentials: FederatedCredential[];
}

export interface ServicePrincipalRegistry {
  register(registration: ServicePrincipalRegistration): RegisteredServicePrincipal;
  byClientId(clientId: string): ServicePrincipalRecord | undefined;
  byObjectId(objectId: string): ServicePrincipalRecord | undefined;
  list(): RegisteredServicePrincipal[];
}

/** A secret shaped like Entra's (40 chars, `~` in position 4). */
function newClientSecret(): string {
  const body = randomBytes(30).toString('base64url').slice(0, 37);
  return `${body.slice(0, 3)}8Q~${body.slice(3)}`;
}

function certificateOf(pem: string): RegisteredCertificate {
  // The PEM may be a bundle holding the private key too (as ClientCertificateCredential takes it); keep the certificate.
  const block = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0];
  if (!block) throw new Error('certificatePem holds no "-----BEGIN CERTIFICATE-----" block; pass the PEM certificate of the key that signs assertions.');
  const der = new X509Certificate(block).raw;
  return {
    x5t: createHash('sha1').update(der).digest('base64url'),
    x5tS256: createHash('sha256').update(der).digest('base64url'),
    certificatePem: block,
  };
}

function validateFederated(fic: FederatedCredential): FederatedCredential {
  if (!fic.name || !fic.issuer || !fic.subject || !Array.isArray(fic.audiences) || fic.audiences.length === 0) {
    throw new Error(`Federated credential '${fic.name ?? '?'}' needs name, issuer, subject and at least one audience (usually api://AzureADTokenExchange).`);
  }
  return { name: fic.name, issuer: fic.issuer, subject: fic.subject, audiences: [...fic.audiences] };
}

/** True when `presented` equals the stored secret (constant time). */
export function secretMatches(stored: string | undefined, presented: string): boolean {
  if (stored === undefined) return false;
  const a = Buffer.from(stored);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** An empty registry. */
export function createServicePrincipalRegistry(): ServicePrincipalRegistry {
  const records = new Map<string, ServicePrincipalRecord>();
  const publicView = (r: ServicePrincipalRecord): RegisteredServicePrincipal => ({
    displayName: r.displayName,
    clientId: r.clientId,
    objectId: r.objectId,
  });
  return {
    register(registration) {
      if (!registration.displayName) throw new Error('registerServicePrincipal needs a displayName.');
      const certificates = registration.certificatePem ? [certificateOf(registration.certificatePem)] : [];
      const federatedCredentials = (registration.federatedCredentials ?? []).map(validateFederated);
      // With no credential at all, issue a secret as `az ad sp create-for-rbac` does.
      const clientSecret =
        registration.clientSecret ?? (certificates.length === 0 && federatedCredentials.length === 0 ? newClientSecret() : undefined);
      const record: ServicePrincipalRecord = {
        displayName: registration.displayName,
        clientId: registration.clientId ?? randomUUID(),
        objectId: registration.objectId ?? randomUUID(),
        certificates,
        federatedCredentials,
        ...(clientSecret === undefined ? {} : { clientSecret }),
      };
      records.set(record.clientId.toLowerCase(), record);
      return { ...publicView(record), ...(clientSecret === undefined ? {} : { clientSecret }) };
    },
    byClientId: (clientId) => records.get(clientId.toLowerCase()),
    byObjectId: (objectId) => [...records.values()].find((r) => r.objectId === objectId),
    // Secrets are returned once, at registration, as Entra does; listings never carry them.
    list: () => [...records.values()].map(publicView),
  };
}
