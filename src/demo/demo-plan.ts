/**
 * The lifecycle the demo runs, in order, and how each step's inputs come from the demo's files and the
 * outputs of the steps before it, the same chaining a workflow does with steps.<id>.outputs.
 */
import { join } from 'node:path';
import { stepInputs } from '../steps/common-inputs.js';
import type { AnyStepSpec } from '../steps/step-spec.js';
import type { DemoAssets } from './demo-assets.js';
import { demoNames } from './demo-assets.js';

export type InputValue = string | boolean | readonly string[] | undefined;

export interface DemoState {
  assets: DemoAssets;
  containerUrl: string;
  storageKey: string;
  version: string;
  /** The scan gate's threshold (scan's fail-on input). */
  failOn: string;
  /** --real-image: bake this Debian rootfs into diskPath and scan it with OpenSCAP instead of the sample disk and reports. */
  realImage?: { rootfs: string; diskPath: string; tailoringFile: string };
  /** Outputs of the steps run so far, by step name. */
  outputs: Record<string, Record<string, string>>;
}

export interface PlannedStep {
  name: string;
  /** One line for the report: what this step does in the demo. */
  purpose: string;
  /** The same with --real-image, where it differs. */
  realImagePurpose?: string;
  /** Set up what the step needs in the emulator (e.g. scale sets) right before it runs. */
  needsScaleSets?: boolean;
  inputs(state: DemoState): Record<string, InputValue>;
}

function out(state: DemoState, step: string, name: string): string | undefined {
  return state.outputs[step]?.[name];
}

export const demoPlan: readonly PlannedStep[] = [
  {
    name: 'bake',
    purpose: 'upload the raw disk as a fixed VHD page blob and create a managed image from it',
    realImagePurpose: 'make a GPT/ext4 fixed VHD from the Debian rootfs, upload it as a page blob and create a managed image from it',
    inputs: (s) => ({
      ...(s.realImage
        ? { rootfs: s.realImage.rootfs, 'disk-path': s.realImage.diskPath, 'rootfs-hook': 'echo "Baked by the image-publish demo" > etc/motd' }
        : { 'disk-path': s.assets.diskPath }),
      'storage-container-url': s.containerUrl,
      'storage-account-key': s.storageKey,
      'create-managed-image': true,
      'image-name': demoNames.managedImage,
      'resource-group': demoNames.resourceGroup,
      location: demoNames.home,
      'os-type': 'Linux',
      'hyper-v-generation': 'V2',
      'manifest-path': join(s.assets.dir, 'bake-manifest.json'),
      'progress-interval-seconds': '1',
    }),
  },
  {
    name: 'scan',
    purpose: 'gate on the sample Trivy and Grype reports, write SARIF',
    realImagePurpose: "run OpenSCAP offline on the baked disk (SSG's Debian 11 standard profile, tailored), gate on its results, write SARIF",
    inputs: (s) => ({
      ...(s.realImage
        ? { path: s.realImage.diskPath, openscap: true, 'tailoring-file': s.realImage.tailoringFile }
        : { config: s.assets.configFile, reports: s.assets.reports }),
      'fail-on': s.failOn,
      'sarif-file': join(s.assets.dir, 'image-scan.sarif'),
      'report-file': join(s.assets.dir, 'image-scan.json'),
      'sarif-category': demoNames.definition,
    }),
  },
  {
    name: 'sign',
    purpose: 'sign SLSA provenance for the managed image with a fresh ECDSA P-256 key',
    inputs: (s) => ({
      'subject-id': out(s, 'bake', 'image-id'),
      signer: 'file',
      'key-file': s.assets.keyFile,
      'vhd-sha256': out(s, 'bake', 'sha256'),
      reports: [out(s, 'scan', 'report-file'), out(s, 'scan', 'sarif-file')].filter((r): r is string => r !== undefined),
      'output-dir': s.assets.dir,
    }),
  },
  {
    name: 'publish',
    purpose: 'publish the managed image as an immutable gallery version, tagged with the signature',
    inputs: (s) => ({
      config: s.assets.configFile,
      source: out(s, 'bake', 'image-id'),
      version: s.version,
      tags: mergeTags({ team: 'platform-demo' }, out(s, 'sign', 'signature-tags')),
      'progress-interval-seconds': '1',
    }),
  },
  {
    name: 'replicate',
    purpose: `replicate the version to ${demoNames.regions.join(', ')}`,
    inputs: (s) => ({
      config: s.assets.configFile,
      'image-version-id': out(s, 'publish', 'image-version-id'),
      regions: demoNames.regions.join(', '),
      'progress-interval-seconds': '1',
    }),
  },
  {
    name: 'pin-rollout',
    purpose: 'check the signature, then pin two rings of scale sets (canary, prod) to the exact version',
    needsScaleSets: true,
    inputs: (s) => ({
      config: s.assets.configFile,
      'image-version-id': out(s, 'replicate', 'image-version-id') ?? out(s, 'publish', 'image-version-id'),
      'require-signature': true,
      'trusted-keys': [s.assets.publicKeyFile],
      envelope: out(s, 'sign', 'envelope-path'),
      'poll-interval-seconds': '1',
    }),
  },
  {
    name: 'verify',
    purpose: 'verify the signature against the published version as it is now',
    inputs: (s) => ({
      'subject-id': out(s, 'publish', 'image-version-id'),
      envelope: out(s, 'sign', 'envelope-path'),
      'trusted-keys': [s.assets.publicKeyFile],
    }),
  },
];

/** The demo's own tags plus sign's signature-tags (a JSON object), as one JSON object for publish's `tags`. */
function mergeTags(base: Record<string, string>, signatureTags: string | undefined): string {
  const extra = signatureTags ? (JSON.parse(signatureTags) as Record<string, string>) : {};
  return JSON.stringify({ ...base, ...extra });
}

/**
 * argv flags for the inputs the step declares on the CLI. Inputs it does not declare are reported, not
 * passed: a step that landed with different input names still runs, and the gap shows in the demo output.
 */
export function toFlags(step: AnyStepSpec, inputs: Record<string, InputValue>): { flags: string[]; ignored: string[] } {
  const declared = new Map(stepInputs(step, 'cli'));
  const flags: string[] = [];
  const ignored: string[] = [];
  for (const [name, value] of Object.entries(inputs)) {
    if (value === undefined) continue;
    const spec = declared.get(name);
    if (spec === undefined) {
      ignored.push(name);
      continue;
    }
    if (typeof value === 'boolean') flags.push(`--${name}=${value}`);
    else if (typeof value === 'string') flags.push(`--${name}`, value);
    // A list input takes one flag per entry; a string input that accepts several values takes them one per line.
    else if (spec.type === 'list') for (const entry of value) flags.push(`--${name}`, entry);
    else flags.push(`--${name}`, value.join('\n'));
  }
  return { flags, ignored };
}
