/**
 * Parser for `packer build -machine-readable` output: one record per line, `timestamp,target,type,data...`,
 * with commas inside data written as `%!(PACKER_COMMA)` and newlines as a literal `\n`
 * (https://developer.hashicorp.com/packer/docs/commands#machine-readable-output).
 */
export interface PackerRecord {
  timestamp: number;
  target: string;
  type: string;
  data: string[];
}

export interface PackerArtifact {
  target: string;
  index: number;
  builderId?: string;
  id?: string;
  string?: string;
  files: string[];
}

/** One machine-readable line as a record, or undefined for lines that are not (plugin noise, blank lines). */
export function parsePackerLine(line: string): PackerRecord | undefined {
  const parts = line.replace(/\r$/, '').split(',');
  if (parts.length < 3 || !/^\d+$/.test(parts[0] ?? '')) return undefined;
  const [timestamp, target, type, ...data] = parts as [string, string, string, ...string[]];
  return { timestamp: Number(timestamp), target, type, data: data.map(unescapeField) };
}

function unescapeField(field: string): string {
  return field.replaceAll('%!(PACKER_COMMA)', ',').replaceAll('\\n', '\n').replaceAll('\\r', '\r');
}

/** Folds `artifact,<n>,<key>,<value>` records into one artifact per target and index. */
export class PackerArtifactCollector {
  private readonly byKey = new Map<string, PackerArtifact>();

  add(record: PackerRecord): void {
    if (record.type !== 'artifact') return;
    const [indexText, key, ...rest] = record.data;
    const index = Number(indexText);
    if (!Number.isInteger(index) || key === undefined) return;
    const mapKey = `${record.target}#${index}`;
    let artifact = this.byKey.get(mapKey);
    if (!artifact) {
      artifact = { target: record.target, index, files: [] };
      this.byKey.set(mapKey, artifact);
    }
    const value = rest.join(',');
    if (key === 'builder-id') artifact.builderId = value;
    else if (key === 'id') artifact.id = value;
    else if (key === 'string') artifact.string = value;
    else if (key === 'file') artifact.files.push(rest.slice(1).join(','));
  }

  artifacts(): PackerArtifact[] {
    return [...this.byKey.values()].sort((a, b) => a.target.localeCompare(b.target) || a.index - b.index);
  }
}

/** Parses a complete captured output. */
export function parsePackerArtifacts(output: string): PackerArtifact[] {
  const collector = new PackerArtifactCollector();
  for (const line of output.split('\n')) {
    const record = parsePackerLine(line);
    if (record) collector.add(record);
  }
  return collector.artifacts();
}

const GALLERY_VERSION = /\/subscriptions\/[^/\s]+\/resourceGroups\/[^/\s]+\/providers\/Microsoft\.Compute\/galleries\/[^/\s]+\/images\/[^/\s]+\/versions\/[^/\s,]+/i;
const MANAGED_IMAGE = /\/subscriptions\/[^/\s]+\/resourceGroups\/[^/\s]+\/providers\/Microsoft\.Compute\/images\/[^/\s,]+/i;

/**
 * The Azure results of a build: a gallery image version when Packer published one itself (publish then adopts
 * it), and the managed image id when the azure-arm builder made one.
 */
export function azureResults(artifacts: readonly PackerArtifact[]): { galleryVersionId?: string; managedImageId?: string } {
  const out: { galleryVersionId?: string; managedImageId?: string } = {};
  for (const a of artifacts) {
    const text = `${a.id ?? ''}\n${a.string ?? ''}`;
    out.galleryVersionId ??= GALLERY_VERSION.exec(text)?.[0];
    out.managedImageId ??= MANAGED_IMAGE.exec(text)?.[0];
  }
  return out;
}

/** UI text of a `ui` record (say, message, error), for streaming to the log. */
export function uiText(record: PackerRecord): { level: 'info' | 'error'; text: string } | undefined {
  if (record.type !== 'ui') return undefined;
  const [kind, ...rest] = record.data;
  const text = rest.join(',').trim();
  if (!text) return undefined;
  return { level: kind === 'error' ? 'error' : 'info', text };
}
