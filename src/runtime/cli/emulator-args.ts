/** `image-publish emulator` flags and help. Pure: the emulator itself is imported only when it starts. */
import { ConfigurationError, ErrorCodes } from '../../core/errors.js';
import { parseToolFlags, portValue, renderToolHelp, type ToolFlags } from './tool-flags.js';

/** Stable defaults, so the printed environment stays valid across restarts. 10000 is Azurite's own default blob port. */
export const DEFAULT_EMULATOR_PORT = 8443;
export const DEFAULT_AZURITE_PORT = 10000;
export const DEFAULT_RESOURCE_GROUP = 'rg-images';
export const DEFAULT_LOCATION = 'westeurope';

export const emulatorFlags: ToolFlags = {
  port: { type: 'string', value: 'port', description: 'HTTPS port of ARM, sign-in and Key Vault; 0 picks a free port', default: DEFAULT_EMULATOR_PORT },
  host: { type: 'string', value: 'address', description: 'address to listen on', default: '127.0.0.1' },
  azurite: { type: 'boolean', description: 'also start Azurite (blob storage for bake) with --skipApiVersionCheck', default: true },
  'azurite-port': { type: 'string', value: 'port', description: 'Azurite blob port; 0 picks a free port', default: DEFAULT_AZURITE_PORT },
  'resource-group': { type: 'string', value: 'name', description: 'resource group created at start (unless it exists)', default: DEFAULT_RESOURCE_GROUP },
  location: { type: 'string', value: 'region', description: 'location of that resource group', default: DEFAULT_LOCATION },
  'state-file': { type: 'string', value: 'path', description: 'keep the emulated Azure in this JSON file across restarts (same tenant, ids and secret)' },
  speed: { type: 'string', value: 'n', description: 'emulated ms per real ms (long operations finish n times faster)', default: 1 },
  'ca-cert': { type: 'string', value: 'pem', description: 'issue the server certificate from this CA certificate (with --ca-key)' },
  'ca-key': { type: 'string', value: 'pem', description: 'private key of --ca-cert' },
  quiet: { type: 'boolean', description: 'no line per request', default: false },
  json: { type: 'boolean', description: 'print one JSON line with the connection details instead of the banner', default: false },
};

export interface EmulatorArgs {
  port: number;
  host: string;
  azuritePort: number | undefined;
  resourceGroup: string;
  location: string;
  stateFile?: string;
  speed: number;
  caCertFile?: string;
  caKeyFile?: string;
  quiet: boolean;
  json: boolean;
}

/** Parses the flags; `help` when --help was given. Throws ConfigurationError (exit 2) for a bad flag. */
export function parseEmulatorArgs(argv: readonly string[]): { help: true } | { help: false; args: EmulatorArgs } {
  const parsed = parseToolFlags('emulator', argv, emulatorFlags);
  if (parsed.help) return parsed;
  const v = parsed.values;
  const str = (name: string): string | undefined => (typeof v[name] === 'string' ? (v[name] as string) : undefined);
  const speed = Number(str('speed') ?? 1);
  if (!(speed > 0)) throw new ConfigurationError(ErrorCodes.inputInvalid, `image-publish emulator: --speed '${str('speed')}' must be a positive number.`);
  return {
    help: false,
    args: {
      port: portValue('emulator', 'port', v.port, DEFAULT_EMULATOR_PORT),
      host: str('host') ?? '127.0.0.1',
      azuritePort: v.azurite === false ? undefined : portValue('emulator', 'azurite-port', v['azurite-port'], DEFAULT_AZURITE_PORT),
      resourceGroup: str('resource-group') ?? DEFAULT_RESOURCE_GROUP,
      location: str('location') ?? DEFAULT_LOCATION,
      ...(str('state-file') === undefined ? {} : { stateFile: str('state-file') }),
      speed,
      ...(str('ca-cert') === undefined ? {} : { caCertFile: str('ca-cert') }),
      ...(str('ca-key') === undefined ? {} : { caKeyFile: str('ca-key') }),
      quiet: v.quiet === true,
      json: v.json === true,
    },
  };
}

export function renderEmulatorHelp(): string {
  return renderToolHelp(
    'image-publish emulator [options]   (or: npm run emulator -- [options])',
    'Starts a local Azure: ARM (Microsoft.Compute galleries, images, disks, scale sets), an Entra-compatible\n' +
      'sign-in and Key Vault on one HTTPS port, plus Azurite for blob storage; seeds a resource group and prints\n' +
      'the environment variables image-publish reads. Stops on Ctrl+C.',
    emulatorFlags,
    ['Exit codes: 0 stopped by Ctrl+C/SIGTERM, 2 bad option, port in use or unusable state file.'],
  );
}
