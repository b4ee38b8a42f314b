'use client';
// Ollama, the models, the sandbox and the config in one line, with the full
// panels a click away. Something wrong (Ollama away, a model missing, no
// sandbox, a config problem) opens the panels by itself, and they stay open
// for the visit: what fixed it (a pull's bar) is still there to read.
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import type { ProviderStatus } from '@/lib/llm/providers/types';
import { api, type Status } from '../api';
import { ConfigIssues } from '../ConfigIssues';
import { Card } from '../ui';
import { ModelsPanel } from './ModelsPanel';
import { OllamaPanel } from './OllamaPanel';
import { SalvageTable } from './SalvageTable';
import { SandboxPanel } from './SandboxPanel';

type Tone = 'ok' | 'warn' | 'bad';
const DOT: Record<Tone, string> = { ok: 'bg-emerald-500', warn: 'bg-amber-400', bad: 'bg-red-500' };

function Item({ tone, children, testId }: { tone: Tone; children: ReactNode; testId: string }) {
  return (
    <span data-testid={testId} data-tone={tone} className="inline-flex items-center gap-1.5 whitespace-nowrap">
      <span aria-hidden className={`inline-block h-2 w-2 rounded-full ${DOT[tone]}`} />
      {children}
    </span>
  );
}

/** What is wrong, in a few words each; empty when all is well. */
export function problems(s: Status, hostsDown = 0): string[] {
  const out: string[] = [];
  if (!s.ollama.reachable) out.push('Ollama is not reachable');
  if (hostsDown) out.push(`${hostsDown} model server host${hostsDown > 1 ? 's' : ''} down`);
  if (s.missing.length) out.push(`${s.missing.length} model${s.missing.length > 1 ? 's' : ''} not pulled`);
  if (s.sandbox?.available === false) out.push('shell commands are not sandboxed');
  if (s.configIssues.length) out.push(`${s.configIssues.length} configuration issue${s.configIssues.length > 1 ? 's' : ''}`);
  return out;
}

/** `children`: more panels for the details (the model servers). */
export function StatusLine({ status: s, children }: { status: Status; children?: ReactNode }) {
  // The same query as the Model servers card (shared by key): a host that is down opens the details too.
  const providers = useQuery({ queryKey: ['providers'], queryFn: () => api<{ providers: ProviderStatus[] }>('/api/providers'), refetchInterval: 15_000 });
  const hostsDown = providers.data?.providers.flatMap((p) => p.hosts).filter((h) => h.state === 'down').length ?? 0;
  const wrong = problems(s, hostsDown);
  const [chosen, setChosen] = useState<boolean | null>(null);
  const [seenWrong, setSeenWrong] = useState(false);
  useEffect(() => {
    if (wrong.length) setSeenWrong(true);
  }, [wrong.length]);
  const open = chosen ?? (seenWrong || wrong.length > 0);
  const pulled = s.personaModels.filter((p) => !s.missing.some((m) => m.model === p.model)).length;

  return (
    <section data-testid="status" data-open={open} data-problems={wrong.length}>
      <div data-testid="status-line" className="flex flex-wrap items-center gap-x-4 gap-y-1 rounded-lg border border-neutral-800 bg-neutral-900/60 px-3 py-2 text-xs text-neutral-300">
        <Item testId="status-ollama" tone={s.ollama.reachable ? 'ok' : 'bad'}>
          {s.ollama.reachable ? `Ollama${s.ollama.version ? ` ${s.ollama.version}` : ''}` : 'Ollama not reachable'}
        </Item>
        <Item testId="status-models" tone={!s.ollama.reachable ? 'warn' : s.missing.length ? 'warn' : 'ok'}>
          {!s.ollama.reachable ? 'models unknown' : s.missing.length ? `${s.missing.length} missing model${s.missing.length > 1 ? 's' : ''}` : `${pulled} persona models pulled`}
        </Item>
        {s.sandbox && (
          <Item testId="status-sandbox" tone={s.sandbox.available === true ? 'ok' : s.sandbox.available === false ? 'bad' : 'warn'}>
            {s.sandbox.available === true ? 'sandboxed' : s.sandbox.available === false ? 'not sandboxed' : 'sandbox off'}
          </Item>
        )}
        {hostsDown > 0 && (
          <Item testId="status-hosts" tone="bad">
            {hostsDown} model server host{hostsDown > 1 ? 's' : ''} down
          </Item>
        )}
        {s.configIssues.length > 0 && (
          <Item testId="status-config" tone={s.configIssues.some((i) => i.level === 'error') ? 'bad' : 'warn'}>
            {s.configIssues.length} config issue{s.configIssues.length > 1 ? 's' : ''}
          </Item>
        )}
        <button
          type="button"
          data-testid="status-details-toggle"
          aria-expanded={open}
          aria-controls="status-details"
          className="btn-ghost ml-auto"
          onClick={() => setChosen(!open)}
        >
          {open ? 'Hide details' : 'Details'}
        </button>
      </div>
      {/* Rendered while folded too: the panels keep their state (a pull in progress) and their test ids. */}
      <div id="status-details" data-testid="status-details" hidden={!open} className="mt-3 grid gap-3 lg:grid-cols-2">
        <div className="space-y-3">
          <OllamaPanel ollama={s.ollama} />
          {s.sandbox && <SandboxPanel sandbox={s.sandbox} />}
          <Card title="Data and configuration">
            <dl className="mb-2 grid grid-cols-[7rem_1fr] gap-y-1 text-xs">
              <dt className="text-neutral-500">Data folder</dt>
              <dd className="break-all font-mono" data-testid="data-dir">{s.dataDir}</dd>
            </dl>
            <ConfigIssues issues={s.configIssues} />
          </Card>
        </div>
        <div className="space-y-3">
          <ModelsPanel status={s} />
          {children}
          <SalvageTable rows={s.salvages} />
        </div>
      </div>
    </section>
  );
}
