'use client';
// Each model server (ollama_host and [providers.NAME]) with its hosts: up or down, what each has
// loaded (Ollama /api/ps; an openai-kind server cannot tell) and the models it serves.
import { useQuery } from '@tanstack/react-query';
import type { ProviderStatus } from '@/lib/llm/providers/types';
import { api } from '../api';
import { Badge, Card, ErrorText } from '../ui';

export function HostsPanel() {
  const q = useQuery({ queryKey: ['providers'], queryFn: () => api<{ providers: ProviderStatus[] }>('/api/providers'), refetchInterval: 15_000 });
  const providers = q.data?.providers ?? [];
  return (
    <Card title="Model servers">
      {q.error && <ErrorText>Could not load the model servers: {q.error.message}</ErrorText>}
      <div data-testid="hosts-panel" className="space-y-2 text-xs">
        {providers.map((p) => (
          <div key={p.name} data-testid="provider" data-provider={p.name}>
            <p className="mb-1 flex flex-wrap items-center gap-2">
              <span className="font-mono font-semibold text-neutral-200">{p.name}</span>
              <Badge tone="neutral">{p.kind}</Badge>
              {p.usedBy.length > 0 && <span className="text-neutral-500">used by {p.usedBy.map((k) => k.replace(/_provider$/, '')).join(', ')}</span>}
            </p>
            <ul className="space-y-1 pl-2">
              {p.hosts.map((h) => (
                <li key={h.url} data-testid="host-row" data-state={h.state} className="flex flex-wrap items-baseline gap-2">
                  <Badge tone={h.state === 'up' ? 'green' : h.state === 'down' ? 'red' : 'neutral'}>{h.state}</Badge>
                  <code className="font-mono">{h.url}</code>
                  {h.busy > 0 && <span className="text-neutral-400">{h.busy} running</span>}
                  <span data-testid="host-loaded" className="text-neutral-400">
                    {h.loaded === null ? `serves ${h.models.join(', ') || 'no models'}` : h.loaded.length ? `loaded: ${h.loaded.join(', ')}` : 'nothing loaded'}
                  </span>
                  {h.state === 'down' && h.error && <span className="w-full text-red-300">{h.error}</span>}
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
    </Card>
  );
}
