// The small items of a turn: assistant messages, intent, warnings, salvages, model loads.
import type { IntentItem, MessageItem, ModelItem, SalvageItem, WarningItem } from '@/lib/runs/view';
import { Badge } from '../ui';
import { Markdown } from './Markdown';

export function MessageView({ item }: { item: MessageItem }) {
  // A reply that only carried tool calls has no text: the tool cards say it all.
  if (item.done && !item.text.trim()) return null;
  return (
    <div data-testid="assistant-message" data-partial={item.partial || undefined} className="rounded-md border border-neutral-800 bg-neutral-900/40 px-3 py-2">
      <div className="mb-1 flex items-center gap-2 text-[11px] text-neutral-500">
        <span className="font-semibold capitalize text-neutral-400">{item.persona || 'assistant'}</span>
        {item.model && <span className="font-mono">{item.model}</span>}
        {item.partial && <Badge tone="amber">interrupted</Badge>}
        {item.done && item.completionTokens !== undefined && (
          <span className="ml-auto tabular-nums">
            {item.promptTokens ?? '?'} in · {item.completionTokens} out
            {item.durationMs ? ` · ${(item.durationMs / 1000).toFixed(1)} s` : ''}
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

export function WarningView({ item }: { item: WarningItem }) {
  return (
    <div data-testid="warning" data-code={item.code} className="rounded border border-amber-800/70 bg-amber-950/30 px-2 py-1 text-xs text-amber-300">
      <span className="mr-2 font-mono text-amber-500">{item.code}</span>
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
      {item.action === 'load' ? 'loaded' : 'unloaded'} <span className="font-mono">{item.model}</span> in {(item.durationMs / 1000).toFixed(1)} s
    </div>
  );
}
