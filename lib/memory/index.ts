// Project memory: AGENTS.md instruction files in every persona's prompt
// (memory.ts), `/remember` notes (remember.ts), and the Index page's list (list.ts).
import path from 'node:path';
import type { App } from '../ports';
import type { Config } from '../config/schema';
import { instructionBudget, ProjectMemory, type ContextUsed } from './memory';
import { listInstructionFiles, type InstructionOverview } from './list';

export { ProjectMemory, instructionBudget, type InstructionSource, type LoadedInstructions } from './memory';
export { INSTRUCTION_NAMES, readInstructionFile } from './files';
export { appendNote, parseRemember, rememberNote, startRemember, REMEMBER_TOOL } from './remember';
export { listInstructionFiles, type InstructionFileRow, type InstructionOverview } from './list';

/** The machine config folder (~/.code-assistant), where the machine's AGENTS.md lives beside config.toml. */
export function machineDir(app: App): string {
  return path.dirname(app.config().files.machine);
}

/**
 * The instructions for one persona call on `numCtx`: the machine file, and
 * with a workspace its root's (nested ones as the call touches them).
 * Quick mode passes workspace null.
 */
export function loadMemory(app: App, o: { workspace: string | null; config: Pick<Config, 'instructions_max_bytes'>; numCtx: number; emit?: (e: ContextUsed) => void }): Promise<ProjectMemory> {
  return ProjectMemory.load({ workspace: o.workspace, machineDir: machineDir(app), maxBytes: instructionBudget(o.config.instructions_max_bytes, o.numCtx), emit: o.emit });
}

/** The Index page's list: the files of the workspace and the machine, under the workspace's effective budget. */
export function workspaceInstructions(app: App, ws: { path: string }): Promise<InstructionOverview> {
  return listInstructionFiles({ workspace: ws.path, machineDir: machineDir(app), maxBytes: app.config(ws.path).values.instructions_max_bytes });
}
