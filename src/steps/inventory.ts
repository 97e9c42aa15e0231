import { access, constants, mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { InputValues } from '../core/config/merge-inputs.js';
import type { ImageConfig } from '../core/config/image-config.js';
import { takeInput } from '../core/config/merge-inputs.js';
import { ConfigurationError, ErrorCodes } from '../core/errors.js';
import { inventoryMarkdown, inventorySummary } from '../core/inventory/inventory-markdown.js';
import { type InventoryRequest, readInventory } from '../core/inventory/read-inventory.js';
import { resolveSubscriptions } from '../core/retirement/retire-inputs.js';
import { resolveGalleryTarget } from '../core/gallery/gallery-target-input.js';
import { defineStep } from './step-spec.js';
import { inputError } from '../core/input-error.js';
import { galleryInputs } from './gallery-target-inputs.js';

export interface InventoryInputs extends InventoryRequest {
  /** JSON file to write; `<workDir>/inventory.json` when absent. */
  outputPath: string | undefined;
}

export type InventoryOutputs = {
  'inventory-path': string;
  'markdown-path': string;
  versions: number;
  stale: number;
  unsigned: number;
};

const DEFAULT_STALE_DAYS = 90;

/** Builds InventoryInputs; throws ConfigurationError naming the input. */
export function resolveInventoryInputs(parsed: InputValues, config: ImageConfig | undefined): InventoryInputs {
  // image.yaml names one image; the inventory covers the whole gallery unless the input narrows it.
  const target = resolveGalleryTarget(parsed, config, { image: 'input' });
  const staleRaw = parsed['stale-after-days'] ?? DEFAULT_STALE_DAYS;
  const staleAfterDays = Number(staleRaw);
  if (!Number.isInteger(staleAfterDays) || staleAfterDays < 1) {
    throw inputError(ErrorCodes.inputInvalid, 'stale-after-days', `is '${String(staleRaw)}'; give a whole number of days, at least 1.`);
  }
  const output = takeInput<string>(parsed, 'output-path', undefined);
  return {
    resourceGroup: target.resourceGroup,
    gallery: target.gallery,
    ...(target.image === undefined ? {} : { image: target.image }),
    subscriptions: resolveSubscriptions(parsed, config, 'retirement.subscriptions'),
    staleAfterDays,
    outputPath: output === undefined ? undefined : String(output),
  };
}

/** Inventory: every definition and version of a gallery with age, end of life, regions, channels, consumers and signature state. */
export const inventoryStep = defineStep<InventoryInputs, InventoryOutputs>({
  name: 'inventory',
  title: 'Image inventory',
  description:
    'Lists every image definition and version of a gallery with age, end of life, regions, channel pins, the scale sets and VMs using it, ' +
    'whether it is signed, and whether it is stale; as a job summary, a JSON file and a markdown file.',
  azdoTaskName: 'ImageInventory',
  azdoTaskId: '9d85c73b-e742-441e-a7a1-9b5ee7ab7d37',
  inputs: {
    'resource-group': galleryInputs['resource-group'],
    gallery: galleryInputs.gallery,
    'image-definition': { type: 'string', description: 'Only this image definition (default: every definition of the gallery).' },
    'stale-after-days': { type: 'integer', description: 'Versions published longer ago than this are marked stale.', default: String(DEFAULT_STALE_DAYS) },
    subscriptions: {
      type: 'list',
      description: 'More subscriptions to search for scale sets and VMs using a version (the gallery subscription is always searched).',
      configPath: 'retirement.subscriptions',
    },
    'output-path': { type: 'path', description: 'Where to write the JSON inventory (default: inventory.json in the runner temp folder); the markdown goes next to it.' },
  },
  outputs: {
    'inventory-path': { description: 'Path of the JSON inventory.' },
    'markdown-path': { description: 'Path of the markdown inventory.' },
    versions: { description: 'Number of versions listed.' },
    stale: { description: 'Number of stale versions.' },
    unsigned: { description: 'Number of versions without a signature tag.' },
  },
  resolve: resolveInventoryInputs,
  async run(inputs, ctx) {
    const jsonPath = resolve(inputs.outputPath ?? join(ctx.workDir, 'inventory.json'));
    const markdownPath = jsonPath.replace(/\.json$/i, '') + '.md';
    // A path that cannot be written fails now, not after every gallery, version and consumer was read.
    await assertWritable(jsonPath, inputs.outputPath);
    await assertWritable(markdownPath, inputs.outputPath);
    const inventory = await ctx.logger.group(`Inventory of ${inputs.gallery}`, () => readInventory(ctx.azure, inputs, ctx.clock.now(), ctx.signal));
    await writeFile(jsonPath, `${JSON.stringify(inventory, null, 2)}\n`);
    await writeFile(markdownPath, inventoryMarkdown(inventory));
    ctx.logger.info(`Wrote ${jsonPath} and ${markdownPath}`);
    const t = inventory.totals;
    return {
      outputs: { 'inventory-path': jsonPath, 'markdown-path': markdownPath, versions: t.versions, stale: t.stale, unsigned: t.unsigned },
      summary: inventorySummary(inventory),
      ...(t.stale > 0 ? { warnings: [`${t.stale} version(s) of ${inputs.gallery} are older than ${inputs.staleAfterDays} days; consider the retire step.`] } : {}),
    };
  },
});

/** Creates the folder and checks the file can be written, failing with E_INPUT_INVALID naming 'output-path'. */
async function assertWritable(path: string, given: string | undefined): Promise<void> {
  const fail = (why: string, cause?: unknown) =>
    inputError(ErrorCodes.inputInvalid, 'output-path',
      `is '${given ?? path}', but '${path}' ${why}. Give a file path in a writable folder (e.g. inventory/inventory.json).`,
      cause === undefined ? undefined : { cause },
    );
  try {
    await mkdir(dirname(path), { recursive: true });
  } catch (err) {
    throw fail(`cannot be created (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, err);
  }
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory()) throw fail('is a directory');
  try {
    await access(existing ? path : dirname(path), constants.W_OK);
  } catch (err) {
    throw fail(`is not writable (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, err);
  }
}
