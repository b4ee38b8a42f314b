// The pipeline's data shapes, shared by the engine, the event union and the
// UI. Pure types and constants: no server imports, so client code can use it.
import type { PersonaModelKey } from '../config/schema';

export const PHASES = ['classify', 'plan', 'criteria', 'implement', 'review', 'revise', 'test'] as const;
export type PhaseName = (typeof PHASES)[number];

/**
 * Each phase's prompt file (its front matter names persona and model:
 * lib/pipeline/personas.ts) and label. `json`: the phase answers in JSON
 * (lib/pipeline/structured.ts), which the page renders as its result, not as text.
 */
export const PHASE_INFO: Record<PhaseName, { prompt: string; label: string; json?: true }> = {
  classify: { prompt: 'classify-requirement', label: 'Classify', json: true },
  plan: { prompt: 'plan', label: 'Plan' },
  criteria: { prompt: 'criteria', label: 'Acceptance criteria', json: true },
  implement: { prompt: 'implementer', label: 'Implement' },
  review: { prompt: 'reviewer', label: 'Review', json: true },
  revise: { prompt: 'implementer', label: 'Revise' },
  test: { prompt: 'tester', label: 'Test' },
};

export interface Criterion {
  id: string;
  statement: string;
  /** A shell command run in the workspace root; exit code 0 = passed. */
  command: string;
}

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  file: string;
  line: number | null;
  severity: Severity;
  finding: string;
  suggestion: string;
}

export interface CriterionResult {
  id: string;
  passed: boolean;
  exitCode: number | null;
  timedOut?: boolean;
  durationMs: number;
  /** Why it failed, in a few words ("exit code 1", "timed out after 300 s"). */
  reason?: string;
  /** The end of its output (fitted: head, error lines, tail). */
  tail: string;
}

export interface FileWritten {
  path: string;
  lines: number;
}

export type PhaseResult =
  | { phase: 'classify'; implementable: boolean; language: string; stack: string; reason: string; fallback?: boolean }
  | { phase: 'plan'; plan: string }
  /** `fallbackText`: the model never gave valid JSON; criteria were read from its text as well as possible. */
  | { phase: 'criteria'; criteria: Criterion[]; fallbackText?: string }
  | { phase: 'implement'; summary: string; files: FileWritten[] }
  | { phase: 'review'; findings: Finding[]; fallbackText?: string }
  | { phase: 'revise'; summary: string; files: FileWritten[]; skipped?: string }
  | { phase: 'test'; rounds: number; passed: string[]; failed: string[]; summary: string };

export type ResultOf<P extends PhaseName> = Extract<PhaseResult, { phase: P }>;

export interface PhaseStats {
  calls: number;
  promptTokens: number;
  completionTokens: number;
  /** Time spent in model calls (streaming included). */
  modelMs: number;
  loadMs: number;
  durationMs: number;
}

export type Verdict = 'passed' | 'failed' | 'no_criteria' | 'not_implementable' | 'implement_failed' | 'stopped';

export interface PhaseSummary {
  phase: PhaseName;
  persona: string;
  model: string;
  state: 'finished' | 'failed' | 'skipped' | 'not run';
  attempts: number;
  stats?: PhaseStats;
  error?: string;
}

export interface PipelineReport {
  verdict: Verdict;
  /** One line: "3 of 3 acceptance criteria passed in round 2". */
  headline: string;
  /** What was built, in a paragraph. */
  built: string;
  language?: string;
  stack?: string;
  files: FileWritten[];
  criteria: Criterion[];
  /** rounds[r][criterion id] for each test round run. */
  rounds: Record<string, 'passed' | 'failed'>[];
  findings: Finding[];
  /** Warning and error findings in files the revise pass did not change (nothing re-reviews after it). */
  openFindings: number;
  findingsText?: string;
  revise: { summary: string; files: string[]; skipped?: string } | null;
  phases: PhaseSummary[];
  totals: {
    /** Sum of the phases' working time (queue waits and downtime excluded). */
    durationMs: number;
    modelCalls: number;
    promptTokens: number;
    completionTokens: number;
    linesWritten: number;
    modelLoads: number;
    loadMs: number;
  };
  /** Things the reader must know: fallbacks, a phase that failed, missing criteria. */
  problems: string[];
}
