// The small items of a turn: assistant messages, intent, warnings, salvages, model loads.
import type { ContextItem, IntentItem, MessageItem, ModelItem, ProgressItem, SalvageItem, WarningItem } from '@/lib/runs/view';
import { formatDuration, progressCount } from '@/lib/text';
import { Badge } from '../ui';
import { Markdown } from './Markdown';

/** `stopped`: the user stopped the turn; its footer says so, once. */
export function MessageView({ item, stopped = false }: { item: MessageItem; stopped?: boolean }) {
  // A reply that only carried tool calls has no text: the tool cards say it all.
  if (item.done && !item.text.trim()) return null;
  return (
    <div data-testid="assistant-message" data-partial={item.partial || undefined} className="rounded-md border border-neutral-800 bg-neutral-900/40 px-3 py-2">
      <div className="mb-1 flex items-center gap-2 text-[11px] text-neutral-500">
        <span className="font-semibold capitalize text-neutral-400">{item.persona || 'assistant'}</span>
        {item.model && <span className="font-mono">{item.model}</span>}
        {item.partial && !stopped && <Badge tone="amber">cut off</Badge>}
        {item.done && item.completionTokens !== undefined && (
          <span className="ml-auto tabular-nums">
            {item.promptTokens ?? '?'} in · {item.completionTokens} out
            {item.durationMs ? ` · ${formatDuration(item.durationMs)}` : ''}
          </span>
        )}
      </div>
      {item.text ? <Markdown text={item.text} /> : <span className="animate-pulse text-neutral-500">…</span>}
    </div>
  );
}

const INTENT_TONE = { conversational: 'blue', implementation: 'green', complex: 'violet' } as const;

export function IntentBadge({ item }: { item: IntentItem }) {
  return (
    <div className="flex items-center gap-2 text-[11px] text-neutral-500">
      <Badge tone={INTENT_TONE[item.intent]} testId="intent" title={item.reason}>
        {item.intent}
      </Badge>
      <span className="truncate">
        {item.reason} <span className="font-mono">({item.model})</span>
      </span>
    </div>
  );
}

// What a warning is about, in words; the code stays in data-code for tests and tools.
const WARNING_TITLE: Record<string, string> = {
  context_trimmed: 'Context trimmed',
  compaction_failed: 'Summary failed',
  context_overflow: 'Prompt too long',
  prompt_truncated: 'Prompt cut by Ollama',
  retrieval_off: 'Retrieval off',
  web_search: 'Web search failed',
  loop: 'Repeating itself',
  max_steps: 'Step limit reached',
  text_tools: 'Tools as text',
  pipeline_suggested: 'Pipeline suggested',
  classify_unreadable: 'Intent unclear',
  model_wait: 'Waiting for a model',
  unload_unconfirmed: 'Model still loaded',
  json_repaired: 'JSON repaired',
  json_invalid: 'JSON unusable',
  structured_fallback: 'Read as text',
  criteria_from_text: 'Criteria read from text',
  no_criteria: 'Nothing to test',
  revise_no_change: 'No change',
  empty_plan: 'Empty plan',
  ollama_retry: 'Retrying',
};

export function WarningView({ item }: { item: WarningItem }) {
  const title = WARNING_TITLE[item.code];
  return (
    <div data-testid="warning" data-code={item.code} className="rounded border border-amber-800/70 bg-amber-950/30 px-2 py-1 text-xs text-amber-300">
      {title && <span className="mr-2 font-semibold text-amber-400">{title}:</span>}
      {item.message}
    </div>
  );
}

export function SalvageView({ item }: { item: SalvageItem }) {
  return (
    <div className="text-[11px] text-neutral-500">
      <Badge tone="violet" testId="salvage" title={item.detail}>
        salvaged: {item.salvage}
      </Badge>{' '}
      <span className="font-mono">{item.model}</span>
      {item.detail && <span> — {item.detail}</span>}
    </div>
  );
}

export function ModelView({ item }: { item: ModelItem }) {
  return (
    <div className="text-[11px] text-neutral-600">
      {item.action === 'load' ? 'loaded' : 'unloaded'} <span className="font-mono">{item.model}</span> in {formatDuration(item.durationMs)}
    </div>
  );
}

/** What retrieval, the symbol index or the web put into the prompt. */
export function ContextView({ item }: { item: ContextItem }) {
  const label = item.source === 'rag' ? 'context used' : item.source === 'web' ? 'web results used' : item.source === 'instructions' ? 'context used: instructions' : item.source === 'mcp' ? 'MCP tools offered' : 'symbols used';
  const files = item.source === 'instructions';
  return (
    <details data-testid="context-used" data-source={item.source} className="rounded border border-sky-900/60 bg-sky-950/20 px-2 py-1 text-xs text-sky-300">
      <summary className="cursor-pointer">
        {label}: {files ? item.items.map((c) => `${c.path} (${c.bytes ?? 0} bytes)`).join(', ') : `${item.items.length} ${item.items.length === 1 ? 'item' : 'items'}`}, ~{item.tokens} tokens
      </summary>
      <ul className="mt-1 space-y-0.5 font-mono text-sky-200/80">
        {item.items.map((c, i) => (
          <li key={i}>
            {!files && c.title ? `${c.title} — ` : ''}
            {c.path}
            {c.startLine ? `:${c.startLine}${c.endLine && c.endLine !== c.startLine ? `-${c.endLine}` : ''}` : ''}
            {c.score !== undefined ? ` (${c.score.toFixed(2)})` : ''}
            {files && ` — ${c.bytes ?? 0} bytes${c.size !== undefined ? ` of ${c.size}` : ''}${c.title ? `, ${c.title}` : ''}`}
          </li>
        ))}
      </ul>
      {item.note && <p data-testid="context-note" className="mt-1 text-amber-300">{item.note}</p>}
    </details>
  );
}

export function ProgressView({ item }: { item: ProgressItem }) {
  const pct = item.total > 0 ? Math.min(100, Math.round((item.done / item.total) * 100)) : null;
  const count = progressCount(item.label, item.done, item.total);
  return (
    <div data-testid="progress" className="text-xs text-neutral-400">
      {item.label}
      {count && `: ${count}`}
      {pct !== null && (
        <div className="mt-1 h-1 w-64 rounded bg-neutral-800">
          <div className="h-1 rounded bg-sky-600" style={{ width: `${pct}%` }} />
        </div>
      )}
    </div>
  );
}
