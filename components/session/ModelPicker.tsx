'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { withTag } from '@/lib/text';
import type { ProviderStatus } from '@/lib/llm/providers/types';
import { api, type SessionDetail, type Status } from '../api';

const PICKABLE = [
  { key: 'architect_model', label: 'Architect' },
  { key: 'implementer_model', label: 'Implementer' },
  { key: 'quick_model', label: 'Quick' },
] as const;

type Key = (typeof PICKABLE)[number]['key'];

/** Per-session model choices among the pulled models; "default" drops the override. */
export function ModelPicker({ session }: { session: SessionDetail }) {
  const qc = useQueryClient();
  const status = useQuery({ queryKey: ['status'], queryFn: () => api<Status>('/api/status') });
  // The embedding model cannot chat: leave it out of the choices.
  const embedding = status.data?.personaModels.find((p) => p.key === 'embedding_model')?.model;
  const isEmbedding = (m: string) => !!embedding && withTag(m) === withTag(embedding);
  // Every name with its tag, so a bare default and its `:latest` are one choice.
  const allPulled = status.data?.ollama.models.map((m) => withTag(m.name)) ?? [];
  const pulled = allPulled.filter((m) => !isEmbedding(m));
  // A persona on another model server picks among what that server lists (/v1/models, or its Ollama hosts' tags).
  const providers = useQuery({ queryKey: ['providers'], queryFn: () => api<{ providers: ProviderStatus[] }>('/api/providers') });
  const served = (key: Key): string[] | null => {
    const p = providers.data?.providers.find((x) => !x.builtIn && x.usedBy.includes(key.replace(/_model$/, '_provider')));
    return p ? [...new Set(p.hosts.flatMap((h) => h.models))] : null;
  };
  const save = useMutation({
    mutationFn: (models: Partial<Record<Key, string>>) => api(`/api/sessions/${session.session.id}`, { method: 'PATCH', body: { models } }),
    onSettled: () => qc.invalidateQueries({ queryKey: ['session', session.session.id] }),
  });

  const change = (key: Key, value: string) => {
    const next: Partial<Record<Key, string>> = {};
    for (const p of PICKABLE) if (session.overrides[p.key]) next[p.key] = session.overrides[p.key];
    if (value) next[key] = value;
    else delete next[key];
    save.mutate(next);
  };

  return (
    <div data-testid="model-picker" className="flex items-center gap-2 text-[11px]">
      {PICKABLE.map(({ key, label }) => {
        const current = withTag(session.models[key] ?? '');
        const overridden = !!session.overrides[key];
        const configured = status.data?.personaModels.find((p) => p.key === key)?.model;
        const fallback = configured ? withTag(configured) : undefined;
        const own = served(key);
        const choices = [...new Set([...(own ?? pulled), current].filter(Boolean))];
        return (
          <label key={key} className="flex items-center gap-1 text-neutral-500">
            {label}
            <select
              aria-label={`${label} model`}
              name={key}
              className={`max-w-40 rounded border bg-neutral-900 px-1 py-0.5 font-mono text-[11px] text-neutral-200 ${overridden ? 'border-sky-700' : 'border-neutral-700'}`}
              value={overridden ? current : ''}
              disabled={save.isPending}
              onChange={(e) => change(key, e.target.value)}
            >
              <option value="">{overridden ? (fallback ? `default (${fallback})` : 'config default') : `default (${current})`}</option>
              {choices.map((m) => (
                <option key={m} value={m}>
                  {m}
                  {!own && allPulled.length > 0 && !allPulled.includes(m) ? ' (not pulled)' : ''}
                </option>
              ))}
            </select>
          </label>
        );
      })}
      {save.error && <span className="text-red-400">{save.error.message}</span>}
    </div>
  );
}
