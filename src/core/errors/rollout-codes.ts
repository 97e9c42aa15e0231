import type { ErrorEntry } from './error-kinds.js';

/** Pin-rollout: codes, kinds and troubleshooting text (docs/troubleshooting.md is generated from these). */
export const rolloutCodes = {
  versionNotRollable: {
    code: 'E_VERSION_NOT_ROLLABLE',
    kind: 'user',
    meaning: 'The version is not safe to roll out: it is not replicated (or not yet `Completed`) in a region ' +
      'where a target scale set runs, it is past its end-of-life, or its provisioning failed.',
    fix:
      'The message lists every problem. Nothing was changed. Run replicate for the missing regions, wait ' +
      'for replication to complete, or pick another version.',
  },
  rolloutLeased: {
    code: 'E_ROLLOUT_LEASED',
    kind: 'user',
    meaning: 'Another rollout of the same image definition holds its lease (the message names the owner, version ' +
      'and expiry).',
    fix:
      'Nothing was changed. Wait for that rollout to finish; if it certainly died, remove the lease tag ' +
      'named in the message from the image definition, then re-run.',
  },
  rolloutUnhealthy: {
    code: 'E_ROLLOUT_UNHEALTHY',
    kind: 'rejected',
    meaning: 'A ring\'s scale set got unhealthy after the upgrade (more unhealthy instances than the ring allows), ' +
      'or its rolling upgrade ended Failed or Cancelled.',
    fix:
      'The rollout stopped at that ring; later rings were not touched. Investigate the instances named in ' +
      'the message, then re-run with `rollback: true` to restore the previous image on the touched scale ' +
      'sets, or fix and roll forward with a new version.',
  },
} as const satisfies Record<string, ErrorEntry>;
