/** Azurite for tests: the same launcher the demo uses (src/demo/azurite-process.ts). */
export {
  AZURITE_ACCOUNT,
  AZURITE_KEY,
  startAzuriteProcess as startAzurite,
  type AzuriteProcess as Azurite,
} from '../../src/demo/azurite-process.js';
