// The instruction files a workspace has, for its Index page: the machine's and
// the root's as a turn would load them (bytes in the prompt, what was cut or
// refused), and the nested folders' files, loaded when a turn touches them.
import path from 'node:path';
import { walkFiles } from '../workspace/walk';
import { INSTRUCTION_NAMES, type InstructionName } from './files';
import { ProjectMemory, type InstructionScope } from './memory';

export interface InstructionFileRow {
  path: string;
  scope: InstructionScope;
  /** Size on disk. */
  size: number;
  /** Bytes a turn puts into the prompt from it; null for nested files (loaded when touched, budget permitting). */
  bytes: number | null;
  refused?: string;
  /** A CLAUDE.md beside an AGENTS.md: not read. */
  shadowed?: boolean;
}

export interface InstructionOverview {
  maxBytes: number;
  files: InstructionFileRow[];
}

export async function listInstructionFiles(opts: { workspace: string; machineDir: string; maxBytes: number }): Promise<InstructionOverview> {
  const mem = await ProjectMemory.load({ workspace: opts.workspace, machineDir: opts.machineDir, maxBytes: opts.maxBytes });
  const files: InstructionFileRow[] = mem.files.map((f) => ({
    path: f.path, scope: f.scope, size: f.refused ? 0 : f.size, bytes: f.refused ? 0 : f.bytes, ...(f.refused ? { refused: f.refused } : {}),
  }));
  const names = new Set<string>(INSTRUCTION_NAMES);
  const { files: found } = await walkFiles(opts.workspace, {
    select: (name) => (names.has(name) ? 'keep' : 'ignore'),
    maxFileBytes: Number.MAX_SAFE_INTEGER,
    maxFiles: 500,
  });
  const byDir = new Map<string, Map<InstructionName, number>>();
  for (const f of found) {
    const dir = path.posix.dirname(f.rel);
    if (dir === '.') continue; // the root's is above, as loaded
    if (!byDir.has(dir)) byDir.set(dir, new Map());
    byDir.get(dir)!.set(path.posix.basename(f.rel) as InstructionName, f.size);
  }
  for (const dir of [...byDir.keys()].sort()) {
    const here = byDir.get(dir)!;
    for (const name of INSTRUCTION_NAMES) {
      const size = here.get(name);
      if (size === undefined) continue;
      files.push({ path: `${dir}/${name}`, scope: 'folder', size, bytes: null, ...(name === 'CLAUDE.md' && here.has('AGENTS.md') ? { shadowed: true } : {}) });
    }
  }
  return { maxBytes: opts.maxBytes, files };
}
