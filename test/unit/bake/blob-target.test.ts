import { describe, expect, it } from 'vitest';
import { blobTarget } from '../../../src/core/bake/disk-engine.js';
import type { DiskBakeInputs } from '../../../src/core/bake/bake-config.js';
import { accountNameFromUrl, redactUrl } from '../../../src/core/storage/blob-target.js';

const base: DiskBakeInputs = {
  engine: 'disk',
  diskPath: 'd.raw',
  format: 'auto',
  container: 'vhds',
  blobName: 'd.vhd',
  auth: { kind: 'key', accountKey: 'k' },
  storageAccountId: '/subscriptions/s/resourceGroups/r/providers/Microsoft.Storage/storageAccounts/imgstore',
  concurrency: 4,
  overwriteBlob: false,
  progressIntervalSeconds: 5,
};

describe('blob destination', () => {
  it('derives the container URL from the storage account id and the cloud', () => {
    expect(blobTarget(base, { cloudName: () => 'AzureCloud' }).containerUrl).toBe('https://imgstore.blob.core.windows.net/vhds');
    expect(blobTarget(base, { cloudName: () => 'AzureChinaCloud' }).containerUrl).toBe('https://imgstore.blob.core.chinacloudapi.cn/vhds');
    expect(blobTarget(base, { cloudName: () => 'AzureUSGovernment' }).containerUrl).toBe('https://imgstore.blob.core.usgovcloudapi.net/vhds');
  });
  it('needs an explicit container URL on a custom cloud', () => {
    expect(() => blobTarget(base, { cloudName: () => 'Custom' })).toThrow(/on cloud Custom, 'storage-container-url'/);
    expect(blobTarget({ ...base, containerUrl: 'http://127.0.0.1:1/devstoreaccount1/vhds' }, { cloudName: () => 'Custom' }).containerUrl).toBe(
      'http://127.0.0.1:1/devstoreaccount1/vhds',
    );
  });
  it('rejects an invalid container name before any request', () => {
    expect(() => blobTarget({ ...base, container: 'ab' }, { cloudName: () => 'AzureCloud' })).toThrow(/container name 'ab' is not valid/);
    expect(() => blobTarget({ ...base, containerUrl: 'http://127.0.0.1:1/devstoreaccount1/Bad_Name' }, {})).toThrow(/'Bad_Name' is not valid/);
  });
  it('strips query strings and finds account names', () => {
    expect(redactUrl('https://a.blob.core.windows.net/c/b.vhd?sv=1&sig=abc')).toBe('https://a.blob.core.windows.net/c/b.vhd');
    expect(accountNameFromUrl('https://acct.blob.core.windows.net/c')).toBe('acct');
    expect(accountNameFromUrl('http://127.0.0.1:10000/devstoreaccount1/c')).toBe('devstoreaccount1');
  });
});
