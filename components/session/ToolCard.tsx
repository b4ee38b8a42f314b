'use client';
import { useState, type ReactNode } from 'react';
import { countLines } from '@/lib/text';
import { STDERR_ON, type ApprovalItem, type ToolItem } from '@/lib/runs/view';
import { Badge, CopyButton, Spinner } from '../ui';
import { ApprovalCard } from './ApprovalCard';
import { DiffView } from './DiffView';
import { Terminal } from './Terminal';

/** A string argument of a tool call, if the model gave one. */
function arg(args: unknown, key: string): string | undefined {
  const v = args && typeof args === 'object' ? (args as Record<string, unknown>)[key] : undefined;
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

interface Props {
  item: ToolItem;
  runId: string;
  runActive: boolean;
  /** The user's approval of this call (shell policy "ask"), if one was asked. */
  approval?: ApprovalItem;
  /** The turn was reverted and this call's files with it: its diff no longer holds. */
  reverted?: boolean;
}

// A diff longer than this starts folded: its header says what changed.
const FOLD_LINES = 40;
// Colour codes the view adds to stderr: not part of what the command printed.
const ANSI = new RegExp(String.raw`\x1b\[[0-9;]*m`, 'g');

export function ToolCard({ item, runId, runActive, approval, reverted = false }: Props) {
  const r = item.result;
  const path = arg(item.args, 'path');
  const diffLines = r?.diff ? countLines(r.diff) : 0;
  const [open, setOpen] = useState<boolean | null>(null);
  // Never fold a card that waits for the user's approval.
  const expanded = open ?? (diffLines <= FOLD_LINES || approval?.approved === null);
  return (
    <div data-testid="tool-card" data-tool={item.tool} data-reverted={reverted || undefined} data-collapsed={!expanded || undefined} className={`rounded-md border border-neutral-800 bg-neutral-900/70 text-xs ${reverted ? 'opacity-60' : ''}`}>
      <div className={`flex items-center gap-2 px-2 py-1 ${expanded ? 'border-b border-neutral-800' : ''}`}>
        <button
          type="button"
          data-testid="tool-toggle"
          aria-expanded={expanded}
          title={expanded ? 'Fold this card' : 'Show this card'}
          className="w-3 text-neutral-500 hover:text-neutral-200"
          onClick={() => setOpen(!expanded)}
        >
          {expanded ? '▾' : '▸'}
        </button>
        <span className="font-mono font-semibold text-neutral-200">{item.tool}</span>
        {path !== undefined && item.tool !== 'run_shell' && <span className="truncate font-mono text-neutral-400">{path || '.'}</span>}
        {item.salvaged && <Badge tone="violet" title="recovered from the model's text">salvaged: {item.salvaged}</Badge>}
        <span className="ml-auto flex items-center gap-2">
          {!r && (runActive ? <Spinner /> : <span className="text-neutral-500">no result</span>)}
          {reverted && <Badge tone="amber" title="This change was undone by Revert">reverted</Badge>}
          {r && (r.ok ? <Badge tone="green">ok</Badge> : <Badge tone="red">error</Badge>)}
          {!expanded && diffLines > 0 && <span className="text-neutral-500">{diffLines} diff lines</span>}
          {r?.durationMs !== undefined && <span className="text-neutral-500">{fmtMs(r.durationMs)}</span>}
        </span>
      </div>
      <div className={`space-y-1.5 p-2 ${expanded ? '' : 'hidden'}`}>
        {approval && <ApprovalCard item={approval} runId={runId} />}
        <ToolBody item={item} waiting={approval?.approved === null} />
        {r && !r.ok && !(item.tool === 'run_shell' && r.exitCode !== undefined && r.exitCode !== null) && (
          <pre className="whitespace-pre-wrap break-words rounded bg-red-950/40 p-1.5 font-mono text-red-300">{r.content}</pre>
        )}
      </div>
    </div>
  );
}

function ToolBody({ item, waiting }: { item: ToolItem; waiting: boolean }) {
  const r = item.result;
  switch (item.tool) {
    case 'write_file':
    case 'edit_file':
    case 'remember': // `/remember`: a note written into AGENTS.md
      if (r?.diff) return <DiffView diff={r.diff} />;
      return r ? null : <p className="text-neutral-500">{item.tool === 'write_file' ? 'writing…' : 'editing…'}</p>;
    case 'run_shell':
      return (
        <>
          {!waiting && (
            <pre className="whitespace-pre-wrap break-all font-mono text-neutral-200">
              <span className="select-none text-neutral-500">$ </span>
              {arg(item.args, 'command')}
            </pre>
          )}
          {/* Nothing runs until the user answers: no empty terminal meanwhile. */}
          {/* Coloured by the exit code: a passing command that logs to stderr (unittest) is not red. */}
          {!waiting && <Terminal text={r?.exitCode === 0 ? item.output.replaceAll(STDERR_ON, '') : item.output} />}
          {!waiting && item.output && (
            <div className="flex justify-end">
              <CopyButton testId="copy-output" label="Copy output" getText={() => item.output.replace(ANSI, '')} />
            </div>
          )}
          {r && <ShellOutcome result={r} />}
        </>
      );
    case 'read_file':
    case 'list_files':
      return r?.ok ? <Collapsed label={item.tool === 'read_file' ? 'content' : 'entries'}>{r.content}</Collapsed> : null;
    default:
      return (
        <>
          {item.args !== undefined && Object.keys(item.args as object).length > 0 && (
            <Collapsed label="arguments">{JSON.stringify(item.args, null, 2)}</Collapsed>
          )}
          {r?.ok && <Collapsed label="result">{r.content}</Collapsed>}
        </>
      );
  }
}

function ShellOutcome({ result: r }: { result: NonNullable<ToolItem['result']> }) {
  const bits: ReactNode[] = [];
  if (r.timedOut) bits.push(<Badge key="t" tone="amber">timed out</Badge>);
  if (r.killed) bits.push(<Badge key="k" tone="amber">killed</Badge>);
  if (r.exitCode !== undefined && r.exitCode !== null) {
    bits.push(
      <Badge key="e" tone={r.exitCode === 0 ? 'green' : 'red'}>
        exit code {r.exitCode}
      </Badge>,
    );
  }
  return bits.length ? <div className="flex gap-1.5" data-testid="shell-outcome">{bits}</div> : null;
}

function Collapsed({ label, children }: { label: string; children: string }) {
  return (
    <details>
      <summary className="cursor-pointer select-none text-neutral-500 hover:text-neutral-300">
        {label} ({children.split('\n').length} lines)
      </summary>
      <pre className="mt-1 max-h-80 overflow-auto whitespace-pre-wrap break-words rounded bg-neutral-950 p-1.5 font-mono text-neutral-300">{children}</pre>
    </details>
  );
}

function fmtMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
