// The contract every tool file implements. The model reads `description` and
// `parameters`; the agent loop calls `run` with a context that confines it to
// the workspace and lets it stream output and ask for approval.
import type { FileChange } from '../runs/events';

export interface ToolSettings {
  shellPolicy: 'auto' | 'ask' | 'deny';
  shellDenyPatterns: string[];
  shellTimeoutSeconds: number;
  /** Budget for what the model receives from one tool call, in tokens (~4 chars each). */
  resultTokens: number;
  maxReadBytes: number;
}

export interface ToolContext {
  /** Real path of the workspace root. */
  workspace: string;
  signal: AbortSignal;
  settings: ToolSettings;
  callId: string;
  /** Stream live output (shell stdout/stderr) to the UI. */
  output?: (stream: 'stdout' | 'stderr', text: string) => void;
  /** Ask the user (policy `ask`); resolves true when approved. */
  approve?: (command: string) => Promise<boolean>;
}

export interface ToolResult {
  ok: boolean;
  /** What the model sees: already within the result budget. */
  content: string;
  files?: FileChange[];
  diff?: string;
  exitCode?: number | null;
  timedOut?: boolean;
  killed?: boolean;
}

export interface JsonSchemaObject {
  type: 'object';
  properties: Record<string, unknown>;
  required?: string[];
}

export interface Tool<A = Record<string, unknown>> {
  name: string;
  description: string;
  parameters: JsonSchemaObject;
  run(args: A, ctx: ToolContext): Promise<ToolResult>;
}
