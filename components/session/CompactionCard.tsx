// "Earlier turns, summarised": what a history_compacted event replaced and the summary the model now reads
// instead. The turns themselves stay above it in the session; folded by default, like long write cards.
import type { CompactionItem } from '@/lib/runs/view';
import { formatDuration } from '@/lib/text';
import { Badge } from '../ui';
import { Markdown } from './Markdown';

const n = (x: number) => x.toLocaleString('en-US');

export function CompactionCard({ item }: { item: CompactionItem }) {
  const turns = `${item.turns} ${item.turns === 1 ? 'turn' : 'turns'}`;
  return (
    <details data-testid="compaction-card" className="rounded-md border border-violet-900/60 bg-violet-950/20 px-3 py-2 text-xs text-violet-200">
      <summary className="cursor-pointer select-none">
        <span className="font-semibold text-violet-300">Earlier turns, summarised</span>
        <span data-testid="compaction-stats" className="ml-2 text-violet-300/80">
          {turns} replaced{item.totalTurns > item.turns ? ` (${item.totalTurns} in all)` : ''} · history ~{n(item.tokensBefore)} → ~{n(item.tokensAfter)} tokens · last{' '}
          {item.keptTurns} kept verbatim
        </span>
        <span className="ml-2 align-middle">
          <Badge tone="violet">{item.trigger === 'command' ? '/compact' : 'automatic'}</Badge>
        </span>
      </summary>
      <div className="mt-2 space-y-2">
        <p className="text-[11px] text-neutral-500">
          Written by <span className="font-mono">{item.model}</span> in {formatDuration(item.durationMs)}. The model reads this summary instead of
          those turns; they are still shown above and kept in the session.
        </p>
        <div data-testid="compaction-summary" className="rounded border border-neutral-800 bg-neutral-900/40 px-2 py-1 text-neutral-200">
          <Markdown text={item.summary} />
        </div>
      </div>
    </details>
  );
}
