/** Azure public regions the emulator knows (name, display name, geography, coordinates, pair), as ARM lists them. */
export interface Region {
  name: string;
  displayName: string;
  geographyGroup: string;
  latitude: string;
  longitude: string;
  physicalLocation: string;
  pairedRegion?: string;
}

const r = (name: string, displayName: string, geographyGroup: string, latitude: string, longitude: string, physicalLocation: string, pairedRegion?: string): Region =>
  ({ name, displayName, geographyGroup, latitude, longitude, physicalLocation, ...(pairedRegion ? { pairedRegion } : {}) });

export const regions: readonly Region[] = [
  r('eastus', 'East US', 'US', '37.3719', '-79.8164', 'Virginia', 'westus'),
  r('eastus2', 'East US 2', 'US', '36.6681', '-78.3889', 'Virginia', 'centralus'),
  r('southcentralus', 'South Central US', 'US', '29.4167', '-98.5', 'Texas', 'northcentralus'),
  r('westus2', 'West US 2', 'US', '47.233', '-119.852', 'Washington', 'westcentralus'),
  r('westus3', 'West US 3', 'US', '33.448376', '-112.074036', 'Phoenix', 'eastus'),
  r('australiaeast', 'Australia East', 'Asia Pacific', '-33.86', '151.2094', 'New South Wales', 'australiasoutheast'),
  r('southeastasia', 'Southeast Asia', 'Asia Pacific', '1.283', '103.833', 'Singapore', 'eastasia'),
  r('northeurope', 'North Europe', 'Europe', '53.3478', '-6.2597', 'Ireland', 'westeurope'),
  r('swedencentral', 'Sweden Central', 'Europe', '60.67488', '17.14127', 'Gävle', 'swedensouth'),
  r('uksouth', 'UK South', 'Europe', '50.941', '-0.799', 'London', 'ukwest'),
  r('westeurope', 'West Europe', 'Europe', '52.3667', '4.9', 'Netherlands', 'northeurope'),
  r('centralus', 'Central US', 'US', '41.5908', '-93.6208', 'Iowa', 'eastus2'),
  r('southafricanorth', 'South Africa North', 'Africa', '-25.73134', '28.21837', 'Johannesburg', 'southafricawest'),
  r('centralindia', 'Central India', 'Asia Pacific', '18.5822', '73.9197', 'Pune', 'southindia'),
  r('eastasia', 'East Asia', 'Asia Pacific', '22.267', '114.188', 'Hong Kong', 'southeastasia'),
  r('japaneast', 'Japan East', 'Asia Pacific', '35.68', '139.77', 'Tokyo, Saitama', 'japanwest'),
  r('koreacentral', 'Korea Central', 'Asia Pacific', '37.5665', '126.978', 'Seoul', 'koreasouth'),
  r('canadacentral', 'Canada Central', 'Canada', '43.653', '-79.383', 'Toronto', 'canadaeast'),
  r('francecentral', 'France Central', 'Europe', '46.3772', '2.373', 'Paris', 'francesouth'),
  r('germanywestcentral', 'Germany West Central', 'Europe', '50.110924', '8.682127', 'Frankfurt', 'germanynorth'),
  r('italynorth', 'Italy North', 'Europe', '45.46888', '9.18109', 'Milan'),
  r('norwayeast', 'Norway East', 'Europe', '59.913868', '10.752245', 'Norway', 'norwaywest'),
  r('polandcentral', 'Poland Central', 'Europe', '52.23334', '21.01666', 'Warsaw'),
  r('switzerlandnorth', 'Switzerland North', 'Europe', '47.451542', '8.564572', 'Zurich', 'switzerlandwest'),
  r('uaenorth', 'UAE North', 'Middle East', '25.266666', '55.316666', 'Dubai', 'uaecentral'),
  r('brazilsouth', 'Brazil South', 'South America', '-23.55', '-46.633', 'Sao Paulo State', 'southcentralus'),
  r('northcentralus', 'North Central US', 'US', '41.8819', '-87.6278', 'Illinois', 'southcentralus'),
  r('westus', 'West US', 'US', '37.783', '-122.417', 'California', 'eastus'),
  r('westcentralus', 'West Central US', 'US', '40.89', '-110.234', 'Wyoming', 'westus2'),
  r('japanwest', 'Japan West', 'Asia Pacific', '34.6939', '135.5022', 'Osaka', 'japaneast'),
  r('australiasoutheast', 'Australia Southeast', 'Asia Pacific', '-37.8136', '144.9631', 'Victoria', 'australiaeast'),
  r('southindia', 'South India', 'Asia Pacific', '12.9822', '80.1636', 'Chennai', 'centralindia'),
  r('canadaeast', 'Canada East', 'Canada', '46.817', '-71.217', 'Quebec', 'canadacentral'),
  r('ukwest', 'UK West', 'Europe', '53.427', '-3.084', 'Cardiff', 'uksouth'),
];

const byName = new Map(regions.map((x) => [x.name, x]));

/** Looks a region up by any spelling ARM accepts ('westeurope', 'West Europe'). */
export function findRegion(nameOrDisplayName: string): Region | undefined {
  return byName.get(nameOrDisplayName.replace(/\s+/g, '').toLowerCase());
}
