/** Endpoints of one Azure cloud. The emulator is just a custom cloud; nothing special-cases it. */
export interface CloudEndpoints {
  /** AzureCloud, AzureChinaCloud, AzureUSGovernment, or Custom. */
  name: string;
  /** Resource Manager endpoint, e.g. https://management.azure.com/ */
  armEndpoint: string;
  /** Entra authority host, e.g. https://login.microsoftonline.com/ */
  authorityHost: string;
  /** Audience of ARM tokens; the scope requested is `${armAudience}.default`. */
  armAudience: string;
  /** Audience of the federated (OIDC) assertion exchanged with Entra. */
  tokenExchangeAudience: string;
}
