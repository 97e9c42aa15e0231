import type { YamlLocator } from './config-issues.js';
import { formatPath } from './config-issues.js';

/**
 * image.yaml is committed to the repository, so a secret in it is a leak. Keys that name a secret and values
 * that are one (a JWT, a SAS signature, a private key, a storage key) are refused outright.
 */
const secretKey = /(secret|password|passwd|^pwd$|token|^sas|sasurl|connectionstring|privatekey$|accesskey|accountkey|apikey|clientassertion)/i;
const secretValue: readonly [RegExp, string][] = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'a private key'],
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\./, 'a token (JWT)'],
  [/[?&]sig=[^&\s]+/i, 'a SAS URL'],
  [/AccountKey=[^;\s]+/i, 'a storage account key'],
];

export interface SecretFinding {
  line: number;
  column: number;
  path: string;
  message: string;
}

/** Every key or value in the document that looks like a secret, with where it is. */
export function findSecrets(locator: YamlLocator): SecretFinding[] {
  const found: SecretFinding[] = [];
  for (const entry of locator.entries()) {
    const path = formatPath(entry.path);
    if (entry.key !== undefined && secretKey.test(entry.key.replace(/[-_]/g, ''))) {
      found.push({
        line: entry.line,
        column: entry.column,
        path,
        message: `'${entry.key}' looks like a secret, and image.yaml is committed: remove it and pass secrets as secret inputs (GitHub secrets, Azure DevOps secret variables or the service connection)`,
      });
    } else if (entry.value !== undefined) {
      const value = entry.value;
      const kind = secretValue.find(([re]) => re.test(value))?.[1];
      if (kind) {
        found.push({
          line: entry.line,
          column: entry.column,
          path,
          message: `this value is ${kind}, and image.yaml is committed: remove it (rotate it if it was pushed) and pass it as a secret input`,
        });
      }
    }
  }
  return found;
}
