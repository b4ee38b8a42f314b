// Types shared by the recovery modules, and the call shape every error
// message asks the model to use.
import type { SalvageKind } from '../../runs/events';

export type RecoveredKind = Extract<SalvageKind, 'json' | 'tool_call_tag' | 'fenced_file' | 'repaired_json'>;

export interface RecoveredCall {
  name: string;
  arguments: Record<string, unknown>;
  kind: RecoveredKind;
}

export interface Recovery {
  calls: RecoveredCall[];
  /** Messages for the model: a call it clearly meant but we could not take. */
  errors: string[];
}

/** The one call shape error messages ask for. */
export const SHAPE = '{"name": "<tool>", "arguments": {"<parameter>": <value>}}';
