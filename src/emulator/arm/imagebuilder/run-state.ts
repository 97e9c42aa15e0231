/**
 * Azure Image Builder runs, derived from stored timestamps and the emulated clock (no timers). A run walks
 * Building -> Customizing -> [Validating] -> Distributing, each phase taking timing.imageBuilderPhaseMs, then ends
 * Succeeded (the distributed managed image and the run output appear) or Failed with a message that carries a
 * customization.log URI, as AIB reports packer failures.
 */
import { randomUUID } from 'node:crypto';
import type { HandlerContext, JsonObject } from '../handler-types.js';
import { find } from '../resources.js';
import { distributeArtifact } from './distribute.js';
import type { StoredResource } from '../../store/state-types.js';

export const RUN_TYPE = 'Microsoft.VirtualMachineImages/imageTemplates/runs';
export const RUN_OUTPUT_TYPE = 'Microsoft.VirtualMachineImages/imageTemplates/runOutputs';

/** What the emulator remembers about the latest run of one template (stored as a hidden child resource). */
export interface RunRecord {
  operationId: string;
  location: string;
  startTime: number;
  /** End of each phase, in order. */
  phases: { subState: string; endsAt: number }[];
  endTime: number;
  /** Set when an injected fault makes the run fail; the failure shows once its time has run. */
  failure?: string;
  canceledAt?: number;
  /** Outputs (managed image, run outputs) were written. */
  settled: boolean;
}

export function runKey(templateId: string): string {
  return `${templateId}/runs/latest`;
}

export function readRun(ctx: HandlerContext, templateId: string): RunRecord | undefined {
  return find(ctx, runKey(templateId))?.body as unknown as RunRecord | undefined;
}

/** Starts a run: phases from the template's content, failure from the fault injector (method POST). */
export function startRun(ctx: HandlerContext, template: StoredResource): RunRecord {
  const props = (template.body.properties ?? {}) as JsonObject;
  const phaseMs = ctx.timing.imageBuilderPhaseMs ?? ctx.timing.lroDurationMs;
  const names = ['Building', 'Customizing', ...(props.validate ? ['Validating'] : []), 'Distributing'];
  let t = ctx.now;
  const phases = names.map((subState) => ({ subState, endsAt: (t += phaseMs) }));
  const injected = ctx.faults.takeOperationFailure('POST', `${template.id}/run`);
  const record: RunRecord = {
    operationId: randomUUID(),
    location: String(template.body.location),
    startTime: ctx.now,
    phases,
    endTime: t,
    settled: false,
  };
  if (injected) record.failure = failureMessage(template, injected.message, record.operationId);
  ctx.state.resources[runKey(template.id).toLowerCase()] = { id: runKey(template.id), type: RUN_TYPE, body: record as unknown as JsonObject };
  // Outputs of an earlier run describe that run only.
  for (const key of Object.keys(ctx.state.resources)) {
    if (key.startsWith(`${template.id.toLowerCase()}/runoutputs/`)) delete ctx.state.resources[key];
  }
  ctx.changed();
  return record;
}

/** AIB's packer failure text: names the customization.log in the staging storage account, with a SAS (real AIB does). */
function failureMessage(template: StoredResource, injected: string, operationId: string): string {
  const account = `st${template.id.split('/')[2]?.replace(/-/g, '').slice(0, 12) ?? 'aib'}aib`;
  const log = `https://${account}.blob.core.windows.net/packerlogs/${operationId}/customization.log` +
    '?sv=2024-05-04&se=2099-01-01T00%3A00%3A00Z&sr=b&sp=r&sig=emulatorSignatureAbc123%3D';
  return `Failed while waiting for packerizer: Microservice has failed: Failed while processing request: Error when executing ` +
    `packerizer: Packer build command has failed: exit status 1. During the image build, a failure has occurred, please ` +
    `check the customization.log for more information: ${log} (${injected})`;
}

export type RunPhase = { runState: string; runSubState?: string; message?: string; endTime?: number };

/** The run as lastRunStatus reports it at `now`. */
export function runPhase(run: RunRecord, now: number): RunPhase {
  if (run.canceledAt !== undefined && run.canceledAt < run.endTime) return { runState: 'Canceled', endTime: run.canceledAt, message: 'The build was canceled.' };
  if (now >= run.endTime) {
    return run.failure ? { runState: 'Failed', endTime: run.endTime, message: run.failure } : { runState: 'Succeeded', endTime: run.endTime };
  }
  const phase = run.phases.find((p) => now < p.endsAt) ?? run.phases[run.phases.length - 1];
  return { runState: 'Running', ...(phase ? { runSubState: phase.subState } : {}) };
}

export function isRunActive(run: RunRecord | undefined, now: number): boolean {
  return run !== undefined && runPhase(run, now).runState === 'Running';
}

/** lastRunStatus as the service serializes it. */
export function lastRunStatus(run: RunRecord, now: number): JsonObject {
  const p = runPhase(run, now);
  return {
    startTime: new Date(run.startTime).toISOString(),
    ...(p.endTime !== undefined ? { endTime: new Date(p.endTime).toISOString() } : {}),
    runState: p.runState,
    ...(p.runSubState ? { runSubState: p.runSubState } : {}),
    message: p.message ?? '',
  };
}

/**
 * Writes a finished, successful run's effects once: each distributor's artifact (managed image or gallery version)
 * and its run output. Called before any imageTemplates request is answered (lazily, like settleOperations).
 */
export function settleRun(ctx: HandlerContext, template: StoredResource): void {
  const run = readRun(ctx, template.id);
  if (!run || run.settled || isRunActive(run, ctx.now)) return;
  run.settled = true;
  ctx.changed();
  if (runPhase(run, ctx.now).runState !== 'Succeeded') return;
  const props = (template.body.properties ?? {}) as JsonObject;
  const before = new Set(Object.keys(ctx.state.resources));
  const outputs: StoredResource[] = [];
  for (const d of (props.distribute ?? []) as JsonObject[]) {
    const result = distributeArtifact(ctx, template, d, osTypeOf(props));
    if (result.failure) {
      // A failed distribution leaves nothing behind: drop what earlier distributors of this run created.
      for (const key of Object.keys(ctx.state.resources)) if (!before.has(key)) delete ctx.state.resources[key];
      run.failure = result.failure;
      return;
    }
    const name = String(d.runOutputName);
    const id = `${template.id}/runOutputs/${name}`;
    const properties: JsonObject = { provisioningState: 'Succeeded', ...(result.artifactId ? { artifactId: result.artifactId } : {}) };
    if (d.type === 'VHD') properties.artifactUri = `https://emulatoraib.blob.core.windows.net/vhds/${template.id.split('/').pop()}.vhd`;
    outputs.push({ id, type: RUN_OUTPUT_TYPE, body: { id, name, type: RUN_OUTPUT_TYPE, properties } });
  }
  for (const o of outputs) ctx.state.resources[o.id.toLowerCase()] = o;
}

function osTypeOf(props: JsonObject): 'Windows' | 'Linux' {
  const source = (props.source ?? {}) as JsonObject;
  const customize = (props.customize ?? []) as JsonObject[];
  const windowsOnly = customize.some((c) => ['PowerShell', 'WindowsUpdate', 'WindowsRestart'].includes(String(c.type)));
  return windowsOnly || /windows/i.test(String(source.publisher ?? '')) ? 'Windows' : 'Linux';
}
