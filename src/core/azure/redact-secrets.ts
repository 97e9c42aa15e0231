/**
 * Last line of defence before text from an SDK error reaches a log or an error message: Azure errors can echo
 * request details, and MSAL messages can carry assertions. Runtimes mask known secrets too; this catches
 * the ones nobody registered (a freshly minted token, a SAS signature).
 */
const patterns: readonly [RegExp, string][] = [
  // Authorization: Bearer <token> and any bare "Bearer <token>".
  [/(authorization["']?\s*[:=]\s*["']?)[^"',\s}]+(\s+[^"',\s}]+)?/gi, '$1[REDACTED]'],
  [/\bBearer\s+[A-Za-z0-9\-._~+/]+=*/g, 'Bearer [REDACTED]'],
  // JWTs (access tokens, GitHub ID tokens, client assertions): three base64url segments starting with eyJ.
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, '[REDACTED-JWT]'],
  // SAS signatures and OAuth form fields.
  [/([?&](?:sig|se|skoid|sktid)=)[^&\s"']+/gi, '$1[REDACTED]'],
  [/((?:client_secret|client_assertion|assertion|access_token|refresh_token|id_token|password)["']?\s*[:=]\s*["']?)[^&\s"',}]+/gi, '$1[REDACTED]'],
  // Storage account keys and connection strings.
  [/(AccountKey=)[^;\s"']+/gi, '$1[REDACTED]'],
];

/** Replaces anything that looks like a token, assertion, SAS signature or key with [REDACTED]. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of patterns) out = out.replace(pattern, replacement);
  return out;
}
