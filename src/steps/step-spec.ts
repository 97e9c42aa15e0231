import type { ImageConfig } from '../core/config/image-config.js';
import type { StepContext } from './step-context.js';
import type { Summary } from '../core/summary/summary.js';
import type { MapSyntax } from '../core/config/input-values.js';

/**
 * One declaration per step drives every surface: action.yml, task.json, CLI flags and the README tables are
 * generated from it (scripts/generate.ts) and checked fresh in CI, so no input list is kept by hand twice.
 */
/**
 * How the runtime parses an input, once, before resolve() sees it (core/config/input-values.ts holds the rules):
 * `list` comma- or newline-separated text to a string array; `list-or-json` the same, or a JSON array when the
 * text starts with `[` (richer entries, e.g. regions); `map` key=value lines or a JSON object of strings;
 * `json` any JSON value.
 */
export type InputType = 'string' | 'boolean' | 'integer' | 'list' | 'list-or-json' | 'map' | 'json' | 'enum' | 'path';

export type Platform = 'github' | 'azdo' | 'cli';

export interface InputSpec {
  type: InputType;
  /** One or two sentences; shown in action.yml, task.json helpMarkDown, `--help` and the README. */
  description: string;
  required?: boolean;
  /** Default as a string, exactly as it would be written in action.yml. */
  default?: string;
  /** Masked in every log as soon as it is read. */
  secret?: boolean;
  /** Allowed values for `enum`. */
  options?: readonly string[];
  /** How a `map` input separates and names its entries. */
  map?: MapSyntax;
  /** Dotted path in image.yaml that supplies the value when the input is empty (for docs and merging). */
  configPath?: string;
  /** Surfaces that expose the input; all when omitted. */
  platforms?: readonly Platform[];
  /** Azure DevOps input name when it cannot be derived (camelCase of the kebab name). */
  azdoName?: string;
  /**
   * Environment variables that supply the value on GitHub and the CLI when the input is empty, so sign-in and
   * cloud are set once per job (`env:`) instead of on every step. Azure DevOps takes them from the connection.
   */
  env?: readonly string[];
  /** Where the Azure DevOps task editor shows it: the Azure connection or the collapsed Advanced group. */
  group?: InputGroup;
  /** Shown in the Azure DevOps task editor only when another input has one of these values. */
  visibleWhen?: { input: string; is: readonly string[] };
}

export type InputGroup = 'connection' | 'advanced';

export interface OutputSpec {
  description: string;
  secret?: boolean;
}

/** Parsed, type-converted raw inputs: empty inputs are absent. */
export type ParsedInputs = Readonly<Record<string, string | boolean | number | readonly string[] | Readonly<Record<string, string>> | unknown>>;

/** Outputs are flat scalars (JSON strings for structured values), as both runners require. */
export type StepOutputs = Record<string, string | number | boolean>;

export interface StepResult<O extends StepOutputs> {
  outputs: O;
  summary?: Summary;
  /** Azure DevOps SucceededWithIssues / a GitHub warning annotation, without failing the step. */
  warnings?: readonly string[];
}

export interface StepSpec<I, O extends StepOutputs> {
  /** kebab-case: `publish`, `pin-rollout`. Also the CLI sub-command and the actions/<name> folder. */
  name: string;
  /** Human title: "Publish image version". */
  title: string;
  description: string;
  /** Azure DevOps task name without version: `PublishImage` gives tasks/PublishImageV1. */
  azdoTaskName: string;
  /** Stable GUID of the Azure DevOps task; never change it once published. */
  azdoTaskId: string;
  inputs: Readonly<Record<string, InputSpec>>;
  outputs: Readonly<Record<keyof O & string, OutputSpec>>;
  /**
   * 'image' (default): resolve() gets the config of the image the `image` input picks from image.yaml. 'file': the
   * step works across every image of the file and reads it itself, so resolve() gets no config.
   */
  configScope?: 'image' | 'file';
  /**
   * How the step uses Azure: 'required' (default); 'optional' when some runs need no Azure call (Azure DevOps
   * then asks for the service connection only when the step first signs in); 'none' drops the sign-in and cloud
   * inputs altogether.
   */
  azure?: 'required' | 'optional' | 'none';
  /** false for a step that reports on the others (overview): the runtime then records no result of it in the job's lifecycle journal. */
  recordsLifecycle?: boolean;
  /** Builds typed inputs from parsed inputs and image.yaml; throws ConfigurationError naming the input. */
  resolve(parsed: ParsedInputs, config: ImageConfig | undefined): I;
  run(inputs: I, ctx: StepContext): Promise<StepResult<O>>;
}

/** Erases the step's own types so runtimes can hold every step in one list. */
export type AnyStepSpec = StepSpec<unknown, StepOutputs>;

/** Identity helper that keeps the generic types of a step declaration. */
export function defineStep<I, O extends StepOutputs>(spec: StepSpec<I, O>): StepSpec<I, O> {
  return spec;
}
