import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { AzureContext } from '../azure/azure-context.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { RunInfo } from '../run-info.js';
import { canonicalJson, sha256Hex } from './canonical-json.js';
import { IN_TOTO_PAYLOAD_TYPE, signEnvelope, type DsseEnvelope } from './dsse.js';
import { uploadEnvelope, writeEnvelopeFile, type BlobTarget } from './envelope-store.js';
import { loadFileSigner } from './file-signer.js';
import { signWithGithub, type AttestFunction } from './github-signer.js';
import { manifestBytes, manifestDigest, type ManifestReport } from './image-manifest.js';
import { createKeyVaultSigner } from './keyvault-signer.js';
import { fetchManifest, parseSubjectId } from './live-manifest.js';
import { buildStatement, type ResourceDescriptor } from './statement.js';
import { ConfigurationError, ErrorCodes } from '../errors.js';
import { inputError } from '../input-error.js';

export type SignerConfig =
  | { kind: 'file'; keyFile: string; passphrase?: string }
  | { kind: 'keyvault'; keyId: string }
  | { kind: 'github'; token: string; sigstore?: 'public-good' | 'github'; attestFn?: AttestFunction };

export interface SignImageRequest {
  subjectId: string;
  signer: SignerConfig;
  vhdSha256?: string;
  /** Scan reports and SBOMs whose digests go into the manifest and the provenance dependencies. */
  reportFiles: readonly string[];
  baseImage?: string;
  externalParameters: Record<string, unknown>;
  storage?: Omit<BlobTarget, 'auth'> & { sas?: string };
  outputDir: string;
}

/** What signing needs from the step context (core does not import the step layer). */
export interface SignContext {
  azure: AzureContext;
  logger: Logger;
  clock: Clock;
  run: RunInfo;
}

export interface SignImageResult {
  digest: string;
  keyid: string;
  algorithm: string;
  envelopePath: string;
  envelopeUrl?: string;
  manifestPath: string;
  bundlePath?: string;
}

/** Builds the manifest from live Azure, signs the provenance with the chosen signer and stores the envelope. */
export async function signImage(request: SignImageRequest, ctx: SignContext): Promise<SignImageResult> {
  const startedOn = new Date(ctx.clock.now());
  const subject = parseSubjectId(request.subjectId);
  const reports = await Promise.all(request.reportFiles.map(digestFile));
  const manifest = await ctx.logger.group('Manifest', async () => {
    const built = await fetchManifest(ctx.azure.compute(), subject, { vhdSha256: request.vhdSha256, reports });
    ctx.logger.info(`${built.kind} ${built.resourceId}: sha256:${manifestDigest(built)}`);
    return built;
  });
  const digest = manifestDigest(manifest);
  await mkdir(request.outputDir, { recursive: true });
  const manifestPath = join(request.outputDir, `${digest}.manifest.json`);
  await writeFile(manifestPath, manifestBytes(manifest), 'utf8');

  const dependencies: ResourceDescriptor[] = reports.map((r) => ({ name: r.name, digest: { sha256: r.sha256 } }));
  if (request.baseImage) dependencies.unshift({ name: 'base-image', uri: request.baseImage });
  const statement = buildStatement({
    manifest,
    run: ctx.run,
    externalParameters: request.externalParameters,
    resolvedDependencies: dependencies,
    startedOn,
    finishedOn: new Date(ctx.clock.now()),
  });
  const payload = Buffer.from(canonicalJson(statement), 'utf8');

  const signed = await ctx.logger.group(`Sign (${request.signer.kind})`, async () => {
    const result = await signWith(request.signer, statement, payload, ctx);
    ctx.logger.info(`Signed with ${result.algorithm}, keyid ${result.keyid}.`);
    return result;
  });

  const envelopePath = await writeEnvelopeFile(request.outputDir, digest, signed.envelope);
  let bundlePath: string | undefined;
  if (signed.bundle !== undefined) {
    bundlePath = join(request.outputDir, `${digest}.sigstore.json`);
    await writeFile(bundlePath, JSON.stringify(signed.bundle, null, 2), 'utf8');
  }
  let envelopeUrl: string | undefined;
  if (request.storage) {
    const storage = request.storage;
    envelopeUrl = await ctx.logger.group('Upload', async () => {
      const auth = storage.sas !== undefined ? { sas: storage.sas } : { credential: ctx.azure.credential };
      const url = await uploadEnvelope({ accountUrl: storage.accountUrl, container: storage.container, auth }, digest, signed.envelope);
      ctx.logger.info(`Envelope uploaded to ${url}`);
      return url;
    });
  }
  ctx.logger.info(`Envelope written to ${basename(envelopePath)}`);
  return { digest, keyid: signed.keyid, algorithm: signed.algorithm, envelopePath, envelopeUrl, manifestPath, bundlePath };
}

async function signWith(
  signer: SignerConfig,
  statement: Parameters<typeof signWithGithub>[0],
  payload: Buffer,
  ctx: SignContext,
): Promise<{ envelope: DsseEnvelope; keyid: string; algorithm: string; bundle?: unknown }> {
  switch (signer.kind) {
    case 'file': {
      const fileSigner = await loadFileSigner(signer.keyFile, signer.passphrase);
      return { envelope: await signEnvelope(IN_TOTO_PAYLOAD_TYPE, payload, fileSigner), keyid: fileSigner.keyid, algorithm: fileSigner.algorithm };
    }
    case 'keyvault': {
      const vaultSigner = await createKeyVaultSigner(signer.keyId, {
        credential: ctx.azure.credential,
        vaultDnsSuffix: ctx.azure.cloud.keyVaultDnsSuffix,
      });
      ctx.logger.info(`Key Vault key ${vaultSigner.keyVersionId}`);
      return { envelope: await signEnvelope(IN_TOTO_PAYLOAD_TYPE, payload, vaultSigner), keyid: vaultSigner.keyid, algorithm: vaultSigner.algorithm };
    }
    case 'github': {
      if (ctx.run.platform !== 'github') {
        throw new ConfigurationError(ErrorCodes.inputInvalid, "signer 'github' only works in GitHub Actions; use 'file' or 'keyvault' elsewhere.");
      }
      const result = await signWithGithub(statement, { token: signer.token, sigstore: signer.sigstore, attestFn: signer.attestFn });
      return { envelope: result.envelope, keyid: result.keyid, algorithm: 'sigstore-keyless', bundle: result.bundle };
    }
  }
}

async function digestFile(path: string): Promise<ManifestReport> {
  try {
    return { name: basename(path), sha256: sha256Hex(await readFile(path)) };
  } catch (error) {
    throw inputError(ErrorCodes.inputInvalid, 'reports', `: cannot read '${path}'. Pass report or SBOM files that exist.`, { cause: error });
  }
}
