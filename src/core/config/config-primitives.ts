import { z } from 'zod';

/**
 * Building blocks of the image.yaml schema. Messages say what is expected and show an example, because
 * they reach users verbatim as "image.yaml:12:5: gallery.name: <message>".
 */

/** `30s`, `10m`, `2h`, `7d`, `2w`. */
export const DURATION_PATTERN = '^[1-9][0-9]*(s|m|h|d|w)$';
export const duration = z
  .string()
  .regex(new RegExp(DURATION_PATTERN), { message: "expected a duration such as '30m', '2h' or '7d' (units s, m, h, d, w)" })
  .describe("A duration: a whole number and a unit, e.g. '30m', '2h', '7d'.");

/** `2027-06-30`, `2027-06-30T00:00:00Z` or relative to the publish time, `+180d`. */
export const END_OF_LIFE_PATTERN = '^(\\+[1-9][0-9]*(d|w)|\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2}))?)$';
export const endOfLife = z
  .string()
  .regex(new RegExp(END_OF_LIFE_PATTERN), {
    message: "expected a date ('2027-06-30', ISO 8601) or a time from publishing ('+180d', '+26w')",
  })
  .describe("End of life: an ISO date ('2027-06-30') or a time after publishing ('+180d').");

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "expected a date as YYYY-MM-DD, e.g. '2027-01-31'" })
  .describe('A calendar date, YYYY-MM-DD.');

const MAX_VERSION_PART = 2147483647;
/** Gallery image versions: three integers 0..2147483647 (Major.Minor.Patch), always quoted in YAML. */
export const VERSION_PATTERN = '^(0|[1-9][0-9]{0,9})\\.(0|[1-9][0-9]{0,9})\\.(0|[1-9][0-9]{0,9})$';
export const imageVersion = z
  .string({ message: "expected a version string such as '1.4.2' (quote it in YAML)" })
  .regex(new RegExp(VERSION_PATTERN), { message: "expected a version 'Major.Minor.Patch' of three integers, e.g. '1.4.2'" })
  .refine((v) => v.split('.').every((p) => Number(p) <= MAX_VERSION_PART), {
    message: `each part of a version must be at most ${MAX_VERSION_PART}`,
  })
  .describe("An image version 'Major.Minor.Patch', each part 0..2147483647.");

/** Programmatic Azure region names (`westeurope`), not display names (`West Europe`). */
export const regionName = z
  .string()
  .regex(/^[a-z][a-z0-9]*$/, { message: "expected a region's programmatic name in lower case, e.g. 'westeurope' (not 'West Europe')" })
  .describe("An Azure region's programmatic name, e.g. 'westeurope'.");

export const resourceGroupName = z
  .string()
  .regex(/^[-\w._()]{0,89}[-\w()]$/, {
    message: 'expected a resource group name: 1-90 letters, digits, -, _, ., ( or ), not ending with a period',
  });

export const galleryName = z
  .string()
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9._]{0,78}[A-Za-z0-9])?$/, {
    message: 'expected a gallery name: 1-80 letters, digits, periods and underscores, starting and ending with a letter or digit (no hyphens)',
  });

export const imageDefinitionName = z
  .string()
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,78}[A-Za-z0-9])?$/, {
    message: 'expected an image definition name: 1-80 letters, digits, hyphens, periods and underscores, starting and ending with a letter or digit',
  });

export const subscriptionId = z
  .string()
  .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, { message: 'expected a subscription id (a GUID)' });

/** A full ARM resource id, `/subscriptions/<id>/resourceGroups/<rg>/providers/<type>/<name>...`. */
export const resourceId = z
  .string()
  .regex(/^\/[Ss]ubscriptions\/[^/]+\/[Rr]esource[Gg]roups\/[^/]+\/[Pp]roviders\/[^/]+\/.+[^/]$/, {
    message: "expected a full ARM resource id starting '/subscriptions/<id>/resourceGroups/<rg>/providers/...'",
  });

export const httpsUrl = z.string().regex(/^https:\/\/[^\s]+$/, { message: 'expected an https:// URL' });

export const storageAccountType = z.enum(['Standard_LRS', 'Standard_ZRS', 'Premium_LRS']);

export const percent = z
  .number()
  .min(0, { message: 'expected a percentage from 0 to 100' })
  .max(100, { message: 'expected a percentage from 0 to 100' });

export const positiveInt = (max: number) =>
  z.number().int({ message: 'expected a whole number' }).min(1, { message: 'expected at least 1' }).max(max, { message: `expected at most ${max}` });

/** Azure tag limits: name up to 512 characters without <>%&\?/, value up to 256. */
export const tagMap = z.record(
  z
    .string()
    .max(512, { message: 'tag names are at most 512 characters' })
    .regex(/^[^<>%&\\?/]+$/, { message: 'tag names cannot contain < > % & \\ ? /' }),
  z.string({ message: "tag values must be strings: quote numbers and booleans, e.g. '1' or 'true'" }).max(256, {
    message: 'tag values are at most 256 characters',
  }),
);
