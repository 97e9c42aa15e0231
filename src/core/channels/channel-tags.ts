/**
 * Channels: named pins kept as tags on the image definition, like HCP Packer channels. `channel.<name>` holds the
 * version; `channel.<name>.previous` the one before it, so Terraform/Bicep can resolve "the version pinned to
 * prod" from the definition's tags, and a human can see what it replaced.
 */
export const CHANNEL_TAG_PREFIX = 'channel.';

export function channelKey(name: string): string {
  return `${CHANNEL_TAG_PREFIX}${name}`;
}

export function previousKey(name: string): string {
  return `${channelKey(name)}.previous`;
}

/** Points channel `name` at `version` in `tags`; the old value moves to `.previous` (unchanged on a re-run). */
export function pinChannel(tags: Record<string, string>, name: string, version: string): { previous?: string } {
  const current = tags[channelKey(name)];
  if (current === version) {
    const previous = tags[previousKey(name)];
    return previous !== undefined ? { previous } : {};
  }
  if (current !== undefined) tags[previousKey(name)] = current;
  tags[channelKey(name)] = version;
  return current !== undefined ? { previous: current } : {};
}

/** The version channel `name` points at, if any. */
export function channelVersion(tags: Readonly<Record<string, string>> | undefined, name: string): string | undefined {
  return tags?.[channelKey(name)];
}
