'use client';
// Retrieval for one workspace: is it on (and if not, why), how much is
// indexed, and an "Embed" button that indexes a folder as a run whose
// progress arrives over the run's SSE stream (useIndexRun).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, post, timeAgo } from '../api';
import { Badge, Card, ErrorText, Spinner } from '../ui';
import { useIndexRun } from './useIndexRun';

// Restated from lib/rag/types (no server module may enter the client bundle).
interface RagStatus {
  on: boolean;
  reason?: string;
  url: string;
  server: 'managed' | 'external';
  model: string;
  chunks: number;
  root?: string;
  indexedAt?: number;
  indexing: boolean;
  runId: string | null;
}

export function RagPanel({ workspaceId, defaultPath = 'src/' }: { workspaceId: string; defaultPath?: string }) {
  const qc = useQueryClient();
  const key = ['rag', workspaceId];
  const url = `/api/workspaces/${encodeURIComponent(workspaceId)}/rag`;
  const [path, setPath] = useState(defaultPath);
  const [runId, setRunId] = useState<string | null>(null);
  const status = useQuery({ queryKey: key, queryFn: () => api<RagStatus>(url) });
  // Re-attach to a run started elsewhere (another tab, `/index` in chat) or before a reload.
  useEffect(() => {
    if (status.data?.runId && !runId) setRunId(status.data.runId);
  }, [status.data?.runId, runId]);
  const run = useIndexRun(runId, () => void qc.invalidateQueries({ queryKey: key }));
  const embed = useMutation({
    mutationFn: (p: string) => post<{ runId: string }>(url, { path: p }),
    onSuccess: (r) => setRunId(r.runId),
  });
  const s = status.data;
  const busy = embed.isPending || (!!run && !run.finished);
  const pct = run?.total ? Math.round((100 * run.done) / run.total) : null;

  return (
    <Card
      title="Retrieval (RAG)"
      actions={s && <Badge testId="rag-state" tone={s.on ? 'green' : 'red'}>{s.on ? 'on' : 'off'}</Badge>}
    >
      {status.isPending && <Spinner />}
      {status.error && <ErrorText>{status.error.message}</ErrorText>}
      {s && (
        <div className="mb-2 space-y-1 text-xs text-neutral-400">
          {!s.on && <p data-testid="rag-off-reason" className="text-amber-300">Retrieval is off: {s.reason}</p>}
          <p>
            <span data-testid="rag-chunks">{s.chunks.toLocaleString()}</span> chunks · embedding model <span className="font-mono">{s.model}</span>
            {s.indexedAt ? ` · indexed ${timeAgo(s.indexedAt)}` : ''}
          </p>
          {s.on && <p>Chroma: <span className="font-mono">{s.url}</span> ({s.server === 'managed' ? 'started by the app' : 'chroma_url'})</p>}
        </div>
      )}
      <form
        className="flex gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          embed.mutate(path);
        }}
      >
        <input
          data-testid="rag-path"
          className="input flex-1 font-mono"
          placeholder="src/ (or . for the whole workspace)"
          value={path}
          onChange={(e) => setPath(e.target.value)}
          aria-label="Folder to embed"
        />
        <button data-testid="rag-embed" type="submit" className="btn-primary" disabled={busy}>
          {busy ? 'Embedding…' : 'Embed'}
        </button>
      </form>
      {run && !run.finished && (
        <div data-testid="rag-progress" className="mt-2 text-xs text-neutral-400">
          <div className="mb-1 h-1.5 w-full overflow-hidden rounded bg-neutral-800">
            <div className="h-full bg-sky-500 transition-all" style={{ width: `${pct ?? 5}%` }} />
          </div>
          {run.label || 'Starting…'}
        </div>
      )}
      {run?.finished?.ok && <p data-testid="rag-result" className="mt-2 text-xs text-emerald-300">{run.finished.text}</p>}
      <ErrorText testId="rag-error">{embed.error?.message ?? (run?.finished && !run.finished.ok ? run.finished.text : undefined)}</ErrorText>
    </Card>
  );
}
