import { spawnSync } from 'node:child_process';

/**
 * The subscription of the signed-in az CLI session (what azure/login or `az login` selected), or undefined when az
 * is not installed, not signed in or does not answer in time. DefaultAzureCredential signs in through the same
 * session, so the subscription it picked is the one the user expects; asked only when nothing else names one.
 */
export function azCliSubscription(env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  const result = spawnSync('az', ['account', 'show', '--query', 'id', '--output', 'tsv'], {
    encoding: 'utf8',
    timeout: 30_000,
    env: env as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  if (result.status !== 0 || typeof result.stdout !== 'string') return undefined;
  const id = result.stdout.trim();
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id) ? id : undefined;
}
