/** A realistic set of virtualMachines resource SKUs, shaped as GET .../Microsoft.Compute/skus returns them. */
import { regions } from './regions.js';

interface VmSize {
  name: string;
  family: string;
  vcpus: number;
  memoryGb: number;
  cachedDiskBytes?: number;
  maxResourceVolumeMb: number;
  nvmeDiskSizeInMiB?: number;
  hyperVGenerations: string;
  architecture: 'x64' | 'Arm64';
  ephemeralOsDisk: boolean;
  premiumIo: boolean;
  maxDataDisks: number;
  /** Regions where the size is offered; all known regions when absent. */
  regions?: string[];
}

const sizes: VmSize[] = [
  { name: 'Standard_B2s', family: 'standardBSFamily', vcpus: 2, memoryGb: 4, maxResourceVolumeMb: 8192, hyperVGenerations: 'V1,V2', architecture: 'x64', ephemeralOsDisk: false, premiumIo: true, maxDataDisks: 4 },
  // The size seeded scale sets use (vmss-controls.ts), so `az vm list-skus --size Standard_D2s_v3` finds it.
  { name: 'Standard_D2s_v3', family: 'standardDSv3Family', vcpus: 2, memoryGb: 8, cachedDiskBytes: 53687091200, maxResourceVolumeMb: 16384, hyperVGenerations: 'V1,V2', architecture: 'x64', ephemeralOsDisk: true, premiumIo: true, maxDataDisks: 4 },
  { name: 'Standard_D2s_v5', family: 'standardDSv5Family', vcpus: 2, memoryGb: 8, maxResourceVolumeMb: 0, hyperVGenerations: 'V1,V2', architecture: 'x64', ephemeralOsDisk: false, premiumIo: true, maxDataDisks: 4 },
  { name: 'Standard_D4s_v5', family: 'standardDSv5Family', vcpus: 4, memoryGb: 16, maxResourceVolumeMb: 0, hyperVGenerations: 'V1,V2', architecture: 'x64', ephemeralOsDisk: false, premiumIo: true, maxDataDisks: 8 },
  { name: 'Standard_D8s_v5', family: 'standardDSv5Family', vcpus: 8, memoryGb: 32, maxResourceVolumeMb: 0, hyperVGenerations: 'V1,V2', architecture: 'x64', ephemeralOsDisk: false, premiumIo: true, maxDataDisks: 16 },
  { name: 'Standard_D4ds_v5', family: 'standardDDSv5Family', vcpus: 4, memoryGb: 16, cachedDiskBytes: 161061273600, maxResourceVolumeMb: 153600, hyperVGenerations: 'V1,V2', architecture: 'x64', ephemeralOsDisk: true, premiumIo: true, maxDataDisks: 8 },
  { name: 'Standard_D4ads_v6', family: 'standardDadsv6Family', vcpus: 4, memoryGb: 16, maxResourceVolumeMb: 0, nvmeDiskSizeInMiB: 225280, hyperVGenerations: 'V2', architecture: 'x64', ephemeralOsDisk: true, premiumIo: true, maxDataDisks: 12 },
  { name: 'Standard_D4pds_v5', family: 'standardDPDSv5Family', vcpus: 4, memoryGb: 16, cachedDiskBytes: 161061273600, maxResourceVolumeMb: 153600, hyperVGenerations: 'V2', architecture: 'Arm64', ephemeralOsDisk: true, premiumIo: true, maxDataDisks: 8 },
  { name: 'Standard_E8s_v5', family: 'standardESv5Family', vcpus: 8, memoryGb: 64, maxResourceVolumeMb: 0, hyperVGenerations: 'V1,V2', architecture: 'x64', ephemeralOsDisk: false, premiumIo: true, maxDataDisks: 16 },
  { name: 'Standard_F4s_v2', family: 'standardFSv2Family', vcpus: 4, memoryGb: 8, cachedDiskBytes: 68719476736, maxResourceVolumeMb: 32768, hyperVGenerations: 'V1,V2', architecture: 'x64', ephemeralOsDisk: true, premiumIo: true, maxDataDisks: 8 },
  { name: 'Standard_NC4as_T4_v3', family: 'Standard NCASv3_T4 Family', vcpus: 4, memoryGb: 28, cachedDiskBytes: 193273528320, maxResourceVolumeMb: 180224, hyperVGenerations: 'V1,V2', architecture: 'x64', ephemeralOsDisk: true, premiumIo: true, maxDataDisks: 8, regions: ['eastus', 'westus2', 'westeurope', 'southcentralus', 'northeurope'] },
];

function capabilities(s: VmSize): { name: string; value: string }[] {
  const c: [string, string][] = [
    ['MaxResourceVolumeMB', String(s.maxResourceVolumeMb)],
    ['OSVhdSizeMB', '1047552'],
    ['vCPUs', String(s.vcpus)],
    ['MemoryPreservingMaintenanceSupported', 'True'],
    ['HyperVGenerations', s.hyperVGenerations],
    ['MemoryGB', String(s.memoryGb)],
    ['MaxDataDiskCount', String(s.maxDataDisks)],
    ['CpuArchitectureType', s.architecture],
    ['LowPriorityCapable', 'True'],
    ['PremiumIO', s.premiumIo ? 'True' : 'False'],
    ['VMDeploymentTypes', 'IaaS'],
    ['vCPUsAvailable', String(s.vcpus)],
    ['ACUs', '195'],
    ['vCPUsPerCore', s.architecture === 'Arm64' ? '1' : '2'],
    ['EphemeralOSDiskSupported', s.ephemeralOsDisk ? 'True' : 'False'],
    ['EncryptionAtHostSupported', 'True'],
    ['AcceleratedNetworkingEnabled', 'True'],
    ['RdmaEnabled', 'False'],
    ['MaxNetworkInterfaces', String(Math.min(8, Math.max(2, s.vcpus / 2)))],
  ];
  if (s.cachedDiskBytes !== undefined) c.splice(1, 0, ['CachedDiskBytes', String(s.cachedDiskBytes)]);
  if (s.nvmeDiskSizeInMiB !== undefined) c.push(['NvmeDiskSizeInMiB', String(s.nvmeDiskSizeInMiB)], ['SupportedEphemeralOSDiskPlacements', 'NvmeDisk']);
  else if (s.ephemeralOsDisk) c.push(['SupportedEphemeralOSDiskPlacements', 'ResourceDisk,CacheDisk']);
  return c.map(([name, value]) => ({ name, value }));
}

/** One SKU entry per size and region (ARM lists a size once per location). */
export function resourceSkus(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const s of sizes) {
    for (const region of s.regions ?? regions.map((x) => x.name)) {
      out.push({
        resourceType: 'virtualMachines',
        name: s.name,
        tier: 'Standard',
        size: s.name.replace(/^Standard_/, ''),
        family: s.family,
        locations: [region],
        locationInfo: [{ location: region, zones: ['1', '2', '3'], zoneDetails: [] }],
        capabilities: capabilities(s),
        restrictions: [],
      });
    }
  }
  return out;
}

/** The VM sizes offered in a region (its ARM name, e.g. `westus`). */
export function vmSizesIn(region: string): string[] {
  return sizes.filter((s) => !s.regions || s.regions.includes(region)).map((s) => s.name);
}
