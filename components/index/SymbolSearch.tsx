'use client';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api } from '../api';
import { Badge, Card, ErrorText, Spinner } from '../ui';
import { highlightLines } from './highlight';
import type { SearchResult, SourceSnippet, SymbolHit } from './types';

const KINDS = ['', 'function', 'method', 'class', 'struct', 'enum', 'trait', 'impl', 'interface', 'type', 'constant', 'module'];

function useDebounced<T>(value: T, ms = 200): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

function Snippet({ workspaceId, hit }: { workspaceId: string; hit: SymbolHit }) {
  const q = new URLSearchParams({ path: hit.path, line: String(hit.line), end: String(hit.endLine) });
  const src = useQuery({
    queryKey: ['symbol-source', workspaceId, hit.path, hit.line, hit.endLine],
    queryFn: () => api<SourceSnippet>(`/api/workspaces/${encodeURIComponent(workspaceId)}/symbols/source?${q}`),
  });
  if (src.error) return <ErrorText>{src.error.message}</ErrorText>;
  if (!src.data) return <Spinner />;
  const tokens = highlightLines(src.data.lines, hit.path);
  return (
    // min-w-0/max-w-full: a long line scrolls inside the box instead of widening the page.
    <pre className="mt-1 max-w-full overflow-x-auto rounded bg-neutral-950 p-2 text-[11px] leading-4" data-testid="symbol-snippet">
      {tokens.map((line, i) => {
        const n = src.data.start + i;
        const inSymbol = n >= hit.line && n <= hit.endLine;
        return (
          <div key={n} className={`w-max min-w-full ${inSymbol ? 'text-neutral-100' : 'text-neutral-500 opacity-60'}`} data-in-symbol={inSymbol}>
            <span className="mr-3 inline-block w-8 select-none text-right text-neutral-600">{n}</span>
            {line.map((t, j) => (t.className ? <span key={j} className={t.className}>{t.text}</span> : t.text))}
          </div>
        );
      })}
    </pre>
  );
}

/** Look symbols up by name, kind and file; a result opens the lines it points at. */
export function SymbolSearch({ workspaceId, root }: { workspaceId: string; root: string }) {
  const [name, setName] = useState('');
  const [match, setMatch] = useState('smart');
  const [kind, setKind] = useState('');
  const [file, setFile] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const params = useDebounced({ name, match, kind, file });
  const enabled = !!(params.name.trim() || params.kind || params.file.trim());
  const search = useQuery({
    queryKey: ['symbol-search', workspaceId, params],
    enabled,
    queryFn: () => {
      const q = new URLSearchParams({ q: params.name, match: params.match, kind: params.kind, file: params.file });
      return api<SearchResult>(`/api/workspaces/${encodeURIComponent(workspaceId)}/symbols/search?${q}`);
    },
  });
  const res = search.data;

  return (
    <Card title="Symbol search" actions={search.isFetching ? <Spinner /> : null}>
      <div className="flex flex-wrap gap-2">
        <input data-testid="symbol-query" className="input min-w-48 flex-1 font-mono" placeholder="TerminalState" value={name} onChange={(e) => setName(e.target.value)} aria-label="Symbol name" />
        <select className="input" value={match} onChange={(e) => setMatch(e.target.value)} aria-label="Match">
          <option value="smart">exact → prefix → fuzzy</option>
          <option value="exact">exact</option>
          <option value="prefix">prefix</option>
          <option value="fuzzy">fuzzy</option>
        </select>
        <select className="input" value={kind} onChange={(e) => setKind(e.target.value)} aria-label="Kind">
          {KINDS.map((k) => <option key={k} value={k}>{k || 'any kind'}</option>)}
        </select>
        <input className="input w-48 font-mono" placeholder="file or folder" value={file} onChange={(e) => setFile(e.target.value)} aria-label="File" />
      </div>
      {search.error && <ErrorText>{search.error.message}</ErrorText>}
      {enabled && res && (
        <p className="mt-2 text-xs text-neutral-500">
          {res.total} result{res.total === 1 ? '' : 's'}{res.mode && res.mode !== 'exact' ? ` (${res.mode} match)` : ''}
          {res.total > res.hits.length ? `, first ${res.hits.length} shown` : ''}
        </p>
      )}
      {enabled && res && res.hits.length > 0 && (
        <ul className="mt-1 divide-y divide-neutral-800 text-xs" data-testid="symbol-results">
          {res.hits.map((h) => {
            const key = `${h.path}:${h.line}:${h.name}`;
            return (
              <li key={key} className="py-1">
                <button type="button" className="flex w-full items-baseline gap-2 text-left hover:bg-neutral-800/50" onClick={() => setOpen(open === key ? null : key)}>
                  <span className="shrink-0 font-mono text-sky-300">{h.path}:{h.line}</span>
                  <Badge>{h.kind}</Badge>
                  <span className="font-mono font-semibold">{h.parent ? `${h.parent}.` : ''}{h.name}</span>
                  <span className="truncate font-mono text-neutral-500" title={h.signature}>{h.signature}</span>
                </button>
                {open === key && (
                  <div className="min-w-0 max-w-full">
                    <Snippet workspaceId={workspaceId} hit={h} />
                    <a className="text-[11px] text-sky-400 hover:underline" href={`vscode://file/${root}/${h.path}:${h.line}`}>Open in VS Code</a>
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {!enabled && <p className="mt-2 text-xs text-neutral-500">Type a name, or pick a kind or a file, e.g. kind “function” in file “state.rs”.</p>}
    </Card>
  );
}
