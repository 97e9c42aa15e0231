import type { ErrorEntry } from './error-kinds.js';

/** Inputs and configuration: codes, kinds and troubleshooting text (docs/troubleshooting.md is generated from these). */
export const inputCodes = {
  inputMissing: {
    code: 'E_INPUT_MISSING',
    kind: 'user',
    meaning: 'A required input is empty and image.yaml does not supply it either.',
    fix:
      'The message names the input and, where there is one, the image.yaml field that can set it. Set one ' +
      'of them.',
  },
  inputTooLarge: {
    code: 'E_INPUT_TOO_LARGE',
    kind: 'user',
    meaning: 'A file given in an input is larger than the documented limit for its kind, and was refused before ' +
      'it was parsed (an envelope or Sigstore bundle: 16 MiB, see docs/steps/sign.md#limits; a trusted key ' +
      'file: 64 KiB).',
    fix:
      'The message names the input and the file or blob. Usually the input points at the wrong file (an ' +
      'image, a report); fix the path.',
  },
  inputInvalid: {
    code: 'E_INPUT_INVALID',
    kind: 'user',
    meaning: 'An input has the wrong form: a boolean that is not `true`/`false`, a number out of range, an ' +
      'unknown enum value, a malformed resource id, version or date, conflicting inputs (for example a ' +
      'storage key and a SAS together).',
    fix:
      'The message names the input, the value\'s problem and the accepted form. Fix the value. Also:\n' +
      '- `version` with a leading zero (`01.2.3`): Azure would name the version `1.2.3`; write that.\n' +
      '- `tags` with a non-string value (`{"team": {"name": "x"}}`, `{"cost": null}`, `{"n": 5}`): tag ' +
      'values are strings; quote numbers and booleans. Tag names starting with `image-publish.` (any ' +
      'case), in `tags` or image.yaml `tags`, are reserved for provenance.\n' +
      '- `disk-path` (bake) that is a directory; `output-path` (inventory) that is a directory or cannot ' +
      'be created or written: checked before any Azure call.\n' +
      '- `--run-id` (CLI) that is empty or holds other than letters, digits and `. _ : # @ -` (up to 100).',
  },
  configInvalid: {
    code: 'E_CONFIG_INVALID',
    kind: 'user',
    meaning: 'image.yaml fails validation.',
    fix:
      'The message gives `file:line:column` and the field. Check the file against ' +
      '`schema/image.schema.json` (editors validate it with the `# yaml-language-server: $schema=` line). ' +
      'Also, each naming the file:\n' +
      '- the file is missing, unreadable or a directory;\n' +
      '- the file is larger than **1 MiB** (checked before it is read or parsed; real image.yaml files are ' +
      'a few KB);\n' +
      '- the YAML expands aliases (`*name`) more than 100 times (a "billion laughs" document).',
  },
} as const satisfies Record<string, ErrorEntry>;
