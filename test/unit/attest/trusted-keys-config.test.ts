import { describe, expect, it } from 'vitest';
import { trustedKeySpecsOf } from '../../../src/core/attest/trust-inputs.js';
import { parseImageConfig } from '../../../src/core/config/load-image-config.js';

const yaml = `signing:
  trustedKeys:
    - { publicKeyFile: keys/old.pem, notAfter: '2027-01-31' }
    - { publicKeyFile: keys/new.pem }
    - { keyVaultKeyId: 'https://contoso.vault.azure.net/keys/signing/1f2e', notAfter: '2027-03-01' }
`;

describe('image.yaml signing.trustedKeys with notAfter (key rotation)', () => {
  it('retires each entry from UTC midnight of its notAfter day, as the trusted-keys input does', () => {
    const specs = trustedKeySpecsOf(undefined, parseImageConfig(yaml, 'image.yaml'));
    expect(specs).toEqual([
      { pemFile: 'keys/old.pem', notAfter: new Date('2027-01-31T00:00:00Z') },
      { pemFile: 'keys/new.pem' },
      { keyVaultKeyId: 'https://contoso.vault.azure.net/keys/signing/1f2e', notAfter: new Date('2027-03-01T00:00:00Z') },
    ]);
  });

  it('refuses a notAfter that is not a date, at its line', () => {
    expect(() => parseImageConfig(yaml.replace("'2027-01-31'", "'next year'"), 'image.yaml')).toThrow(/image\.yaml:3:\d+: signing\.trustedKeys\[0\]\.notAfter: expected a date as YYYY-MM-DD/);
  });

  it('the trusted-keys input, when given, wins over image.yaml', () => {
    expect(trustedKeySpecsOf(['keys/other.pem'], parseImageConfig(yaml, 'image.yaml'))).toEqual([{ pemFile: 'keys/other.pem' }]);
  });
});
