'use client';
import { useEffect, useState } from 'react';

export interface RunProgress {
  label: string;
  done: number;
  total: number;
  /** Set once the run ended: its summary or error. */
  finished?: { ok: boolean; text: string };
}

/** Follows an index run's events (progress, end) over the run's SSE stream. */
export function useIndexRun(runId: string | null, onEnd: () => void): RunProgress | null {
  const [progress, setProgress] = useState<RunProgress | null>(null);
  useEffect(() => {
    if (!runId) return;
    setProgress({ label: 'Starting', done: 0, total: 0 });
    const es = new EventSource(`/api/runs/${encodeURIComponent(runId)}/events`);
    es.onmessage = (m: MessageEvent<string>) => {
      let e: { type?: string; label?: string; done?: number; total?: number; summary?: string; error?: string; reason?: string };
      try {
        e = JSON.parse(m.data);
      } catch {
        return;
      }
      if (e.type === 'progress') setProgress({ label: e.label ?? '', done: e.done ?? 0, total: e.total ?? 0 });
      const end =
        e.type === 'run_finished' ? { ok: true, text: e.summary ?? 'Done.' }
        : e.type === 'run_failed' ? { ok: false, text: e.error ?? 'Indexing failed.' }
        : e.type === 'run_cancelled' || e.type === 'run_interrupted' ? { ok: false, text: e.reason ?? 'Indexing stopped.' }
        : null;
      if (end) {
        es.close();
        setProgress((p) => ({ label: p?.label ?? '', done: p?.total ?? 0, total: p?.total ?? 0, finished: end }));
        onEnd();
      }
    };
    return () => es.close();
    // onEnd is a refetch callback; re-subscribing when it changes identity would replay the run.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [runId]);
  return progress;
}
