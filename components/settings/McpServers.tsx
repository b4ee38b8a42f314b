'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { McpServerStatus, McpState } from '@/lib/mcp/types';
import { api } from '../api';
import { Badge, Card, ErrorText, Spinner, type Tone } from '../ui';

interface McpBody {
  servers: McpServerStatus[];
  share: number;
  defaultNumCtx: number;
}

const STATE_TONE: Record<McpState, Tone> = { stopped: 'neutral', starting: 'amber', running: 'green', crashed: 'red', error: 'red' };

/** The configured MCP servers: state, tools and what their schemas cost. Viewing starts nothing; Start is a first use. */
export function McpServers() {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['mcp'], queryFn: () => api<McpBody>('/api/mcp') });
  const act = useMutation({
    mutationFn: (v: { server: string; action: 'start' | 'restart' }) => api<McpBody>('/api/mcp', { method: 'POST', body: v }),
    onSuccess: (data) => qc.setQueryData(['mcp'], data),
  });
  const d = q.data;
  return (
    <Card title="MCP servers" actions={(q.isFetching || act.isPending) && <Spinner />}>
      {q.error && <ErrorText>Could not load the MCP servers: {q.error.message}</ErrorText>}
      {act.error && <ErrorText>{act.error.message}</ErrorText>}
      {d && !d.servers.length && (
        <p className="text-xs text-neutral-400" data-testid="mcp-none">
          None configured. Add <code className="font-mono">[mcp_servers.NAME]</code> with <code className="font-mono">command</code> and{' '}
          <code className="font-mono">args</code> (stdio) or <code className="font-mono">url</code> (Streamable HTTP) to the machine file.
        </p>
      )}
      <div className="space-y-3">
        {d?.servers.map((s) => (
          <Server key={s.name} s={s} budget={Math.floor(d.defaultNumCtx * d.share)} share={d.share} numCtx={d.defaultNumCtx} busy={act.isPending} onAction={(action) => act.mutate({ server: s.name, action })} />
        ))}
      </div>
    </Card>
  );
}

function Server({ s, budget, share, numCtx, busy, onAction }: { s: McpServerStatus; budget: number; share: number; numCtx: number; busy: boolean; onAction: (a: 'start' | 'restart') => void }) {
  const byName = s.schemaTokens !== undefined && s.schemaTokens > budget;
  return (
    <div data-testid="mcp-server" data-name={s.name} data-state={s.state} className="rounded border border-neutral-800 p-2 text-xs">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-mono text-sm text-neutral-100">{s.name}</span>
        <Badge tone={STATE_TONE[s.state]} testId="mcp-state">{s.state}</Badge>
        <Badge tone="blue">{s.transport === 'http' ? 'Streamable HTTP' : 'stdio'}</Badge>
        {s.trusted ? (
          <Badge tone="amber" title="trusted = true: its calls run without asking (shell_policy = deny still refuses them)">trusted</Badge>
        ) : (
          <Badge title="Each call asks for your approval, as run_shell does under shell_policy = ask">asks before each call</Badge>
        )}
        {s.pid && <span className="text-neutral-500">pid {s.pid}</span>}
        {s.restarts > 0 && <span className="text-neutral-500">restarted {s.restarts}×</span>}
        <span className="ml-auto" />
        <button type="button" className="btn" data-testid="mcp-action" disabled={busy || s.state === 'starting'} onClick={() => onAction(s.state === 'running' ? 'restart' : 'start')}>
          {s.state === 'running' ? 'Restart' : 'Start and list tools'}
        </button>
      </div>
      <div className="mt-1 break-all font-mono text-neutral-400">{s.target}</div>
      {s.allow && <div className="mt-1 text-neutral-400">allow-list: <span className="font-mono">{s.allow.join(', ')}</span></div>}
      {s.error && <div className="mt-1 text-red-300" data-testid="mcp-error">{s.error}</div>}
      {s.stderr && s.state !== 'running' && <pre className="mt-1 max-h-32 overflow-auto whitespace-pre-wrap text-neutral-500">{s.stderr}</pre>}
      {s.tools && (
        <>
          <div className="mt-1 text-neutral-300" data-testid="mcp-cost">
            {s.tools.length} tools, schemas ~{s.schemaTokens} tokens ({Math.round(((s.schemaTokens ?? 0) / numCtx) * 100)}% of num_ctx {numCtx}):{' '}
            {byName ? `over ${Math.round(share * 100)}% (mcp_schema_share), so offered by name through mcp_list_tools` : 'offered with every schema'}
          </div>
          <table className="mt-1 w-full table-fixed">
            <tbody>
              {s.tools.map((t) => (
                <tr key={t.exposed} data-testid="mcp-tool" data-name={t.exposed} className="border-t border-neutral-800 align-top">
                  <td className="w-64 py-0.5 pr-2 font-mono text-neutral-100">{t.exposed}</td>
                  <td className="py-0.5 pr-2 text-neutral-400">{t.description.split('\n')[0]}</td>
                  <td className="w-24 py-0.5 text-right text-neutral-500">~{t.tokens} tok</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
