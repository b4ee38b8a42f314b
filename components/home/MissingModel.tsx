'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import type { Status } from '../api';
import { CopyButton, ErrorText } from '../ui';

interface Progress { status: string; total?: number; completed?: number }
/** One model's pull: progress while it runs, then done or the server's error. */
export interface PullState { running: boolean; progress: Progress | null; error: string; done: boolean }

/** Pulls by model name, one state each; `pull` resolves to whether it worked. */
export function usePulls(): { states: Record<string, PullState>; pull: (model: string) => Promise<boolean> } {
  const qc = useQueryClient();
  const [states, setStates] = useState<Record<string, PullState>>({});
  const pull = useCallback(async (model: string) => {
    const set = (s: Partial<PullState>) => setStates((all) => ({ ...all, [model]: { ...(all[model] ?? { running: false, progress: null, error: '', done: false }), ...s } }));
    set({ running: true, error: '', done: false, progress: { status: 'starting' } });
    try {
      const res = await fetch('/api/models/pull', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ model }),
      });
      if (!res.ok || !res.body) {
        const data = (await res.json().catch(() => null)) as { error?: string } | null;
        throw new Error(data?.error ?? `${res.status} ${res.statusText}`);
      }
      await readLines(res.body, (line) => {
        const p = JSON.parse(line) as Progress & { error?: string };
        if (p.error) throw new Error(p.error);
        set({ progress: p });
      });
      set({ running: false, done: true });
      return true;
    } catch (err) {
      // The bar stops where it failed; the error says what the server said.
      set({ running: false, error: (err as Error).message });
      return false;
    } finally {
      void qc.invalidateQueries({ queryKey: ['status'] });
    }
  }, [qc]);
  return { states, pull };
}

/** A persona model that is not pulled: its exact command, and a Pull button with progress. */
export function MissingModel({ missing, state, onPull }: { missing: Status['missing'][number]; state?: PullState; onPull: () => void }) {
  const progress = state?.progress ?? null;
  const failed = !!state?.error;
  const pct = progress?.total ? Math.min(100, Math.round(((progress.completed ?? 0) / progress.total) * 100)) : null;
  return (
    <div data-testid="missing-model" data-model={missing.model} className="rounded border border-neutral-800 bg-neutral-950 p-2">
      <div className="flex items-center gap-2">
        <code className="flex-1 truncate font-mono text-xs text-neutral-100">{missing.command}</code>
        <CopyButton text={missing.command} />
        <button type="button" data-testid="pull-button" className="btn" disabled={state?.running} onClick={onPull}>
          {state?.running ? 'Pulling…' : failed ? 'Retry' : 'Pull'}
        </button>
      </div>
      <p className="mt-1 text-[11px] text-neutral-500">used by {missing.usedBy.map((k) => k.replace(/_model$/, '')).join(', ')}</p>
      {progress && (
        <div className="mt-1" data-testid="pull-progress" data-state={failed ? 'failed' : state?.running ? 'running' : 'done'}>
          <div className="h-1.5 w-full overflow-hidden rounded bg-neutral-800" role="progressbar" aria-valuenow={pct ?? undefined} aria-valuemin={0} aria-valuemax={100}>
            <div className={`h-full transition-[width] ${failed ? 'bg-red-500' : 'bg-sky-500'}`} style={{ width: `${pct ?? (progress.status === 'success' ? 100 : 0)}%` }} />
          </div>
          <p className="mt-0.5 text-[11px] text-neutral-400">
            {failed ? `failed at: ${progress.status}` : progress.status}
            {pct !== null && ` · ${pct}%`}
          </p>
        </div>
      )}
      <ErrorText testId="pull-error">{state?.error ?? ''}</ErrorText>
    </div>
  );
}

/** Calls `onLine` for each complete line of an NDJSON body. */
async function readLines(body: ReadableStream<Uint8Array>, onLine: (line: string) => void): Promise<void> {
  const reader = body.getReader();
  const dec = new TextDecoder();
  let buf = '';
  for (;;) {
    const { value, done } = await reader.read();
    buf += dec.decode(value, { stream: !done });
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl).trim();
      buf = buf.slice(nl + 1);
      if (line) onLine(line);
    }
    if (done) break;
  }
  if (buf.trim()) onLine(buf.trim());
}
