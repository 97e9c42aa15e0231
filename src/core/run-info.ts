/** Provenance of the CI run executing a step; filled by the runtime from its environment. */
export interface RunInfo {
  platform: 'github' | 'azdo' | 'cli';
  repository?: string;
  commit?: string;
  ref?: string;
  /** Link to this run (GitHub run URL, Azure DevOps build results URL). */
  runUrl?: string;
  runId?: string;
  /** Monotonic run number, used by the date versioning scheme. */
  runNumber?: number;
  runAttempt?: number;
  actor?: string;
  /** GitHub workflow ref (`org/repo/.github/workflows/x.yml@refs/heads/main`) or pipeline definition URL. */
  workflowRef?: string;
}
