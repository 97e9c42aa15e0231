/**
 * Channel pins read from the image definition's tags: `channel.<name>` = version, with the rollback target
 * kept as `channel.<name>.previous` (pin-rollout, issue 5). Both count as uses: deleting a rollback target
 * would make the rollback fail exactly when it is needed.
 */

import { CHANNEL_TAG_PREFIX } from '../channels/channel-tags.js';
import { RolloutTagKeys, decodeLease } from '../rollout/rollout-tags.js';

// Same prefix as pin-rollout writes (src/core/channels); the image-publish. prefix is accepted too, so a pin
// written either way protects its version.
const PIN_TAG = new RegExp(`^(?:image-publish\\.)?${CHANNEL_TAG_PREFIX.replace('.', '\\.')}([a-z0-9][a-z0-9-]{0,62}(?:\\.previous)?)$`, 'i');

/** version name -> pin names (`prod`, `prod.previous`) found in a definition's tags. */
export function channelPinsFromTags(tags: Readonly<Record<string, string>> | undefined): Record<string, string[]> {
  const pins: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(tags ?? {})) {
    const match = PIN_TAG.exec(key);
    const version = value.trim();
    if (!match?.[1] || version === '') continue;
    (pins[version] ??= []).push(match[1]);
  }
  for (const list of Object.values(pins)) list.sort();
  return pins;
}

/** channel name -> version, for the inventory's channel column (previous pins included). */
export function channelsByVersion(tags: Readonly<Record<string, string>> | undefined, version: string): string[] {
  return channelPinsFromTags(tags)[version] ?? [];
}

/**
 * Every pin retire must respect: channel pins plus the version a pin-rollout lease names. The lease counts even
 * after it expired: a rollout that died mid-way may have left scale sets on that version.
 */
export function definitionPins(tags: Readonly<Record<string, string>> | undefined): Record<string, string[]> {
  const pins = channelPinsFromTags(tags);
  const lease = decodeLease(tags?.[RolloutTagKeys.lease]);
  if (lease?.version) (pins[lease.version] ??= []).push('rollout in progress (lease)');
  return pins;
}
