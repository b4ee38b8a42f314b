'use client';
// Start a benchmark from the page (same validation as the CLI) and follow it.
import { useState } from 'react';
import { api, post } from '../api';
import { ErrorText, Spinner } from '../ui';

export function StartForm({ requirements, runners, active, onChange }: {
  requirements: string[]; runners: string[]; active: { id: string; message: string } | null; onChange: () => void;
}) {
  const [reqs, setReqs] = useState<string[]>(['req_01']);
  const [rs, setRs] = useState<string[]>(['code-assistant']);
  const [samples, setSamples] = useState(1);
  const [error, setError] = useState('');
  const toggle = (list: string[], set: (v: string[]) => void, v: string) => set(list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);
  const start = async () => {
    setError('');
    try {
      await post('/api/benchmarks', { reqs, runners: rs, samples });
      onChange();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const cancel = async () => {
    await api(`/api/benchmarks/${active!.id}`, { method: 'DELETE' }).catch((e: Error) => setError(e.message));
    onChange();
  };
  return (
    <div className="space-y-2 text-xs" data-testid="bench-start">
      <div className="flex flex-wrap items-center gap-3">
        <span className="text-neutral-400">Requirements</span>
        {requirements.map((r) => (
          <label key={r} className="flex items-center gap-1"><input type="checkbox" data-testid={`start-req-${r}`} checked={reqs.includes(r)} onChange={() => toggle(reqs, setReqs, r)} />{r}</label>
        ))}
        <span className="text-neutral-400">Runners</span>
        {runners.map((r) => (
          <label key={r} className="flex items-center gap-1"><input type="checkbox" data-testid={`start-runner-${r}`} checked={rs.includes(r)} onChange={() => toggle(rs, setRs, r)} />{r}</label>
        ))}
        <label className="flex items-center gap-1">Samples<input type="number" min={1} max={100} value={samples} data-testid="start-samples" onChange={(e) => setSamples(Number(e.target.value))} className="input w-16" /></label>
        <button type="button" className="btn-primary" data-testid="start-bench" disabled={!!active || !reqs.length || !rs.length} onClick={() => void start()}>Start benchmark</button>
      </div>
      {active && (
        <div className="flex items-center gap-2" data-testid="bench-progress">
          <Spinner /> <span>Running {active.id}: {active.message}</span>
          <button type="button" className="btn" data-testid="cancel-bench" onClick={() => void cancel()}>Cancel</button>
        </div>
      )}
      {error && <ErrorText>{error}</ErrorText>}
    </div>
  );
}
