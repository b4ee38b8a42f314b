'use client';
import { memo } from 'react';
import { canRevert, type ApprovalItem, type Turn, type TurnItem } from '@/lib/runs/view';
import { formatDuration } from '@/lib/text';
import { Badge, Spinner } from '../ui';
import { FeedbackButtons } from '../feedback/FeedbackButtons';
import { ApprovalCard } from './ApprovalCard';
import { CompactionCard } from './CompactionCard';
import { ContextView, IntentBadge, MessageView, ModelView, ProgressView, SalvageView, WarningView } from './ItemViews';
import { RevertControl } from './RevertControl';
import { ToolCard } from './ToolCard';

/** One run: the user's input, everything the assistant did, and how it ended. */
export const TurnView = memo(function TurnView({ turn, sessionId }: { turn: Turn; sessionId?: string }) {
  const running = turn.status === 'running';
  return (
    <article data-testid="turn" data-status={turn.status} data-run-id={turn.runId} className="space-y-2">
      <div className="flex justify-end">
        <div className="max-w-[85%] rounded-md bg-sky-950/60 px-3 py-2 text-sm whitespace-pre-wrap text-neutral-100">
          {turn.kind === 'quick' && (
            <span className="mr-2 align-middle">
              <Badge tone="blue">quick</Badge>
            </span>
          )}
          {turn.input}
        </div>
      </div>
      {turn.items.map((item) => (
        <Item key={`${item.kind}:${item.id}`} item={item} turn={turn} running={running} />
      ))}
      <TurnFooter turn={turn} sessionId={sessionId} />
    </article>
  );
});

function Item({ item, turn, running }: { item: TurnItem; turn: Turn; running: boolean }) {
  switch (item.kind) {
    case 'message':
      return <MessageView item={item} stopped={turn.status === 'cancelled'} />;
    case 'tool': {
      const approval = turn.items.find((a): a is ApprovalItem => a.kind === 'approval' && a.id === item.id);
      const reverted = !!turn.reverted && !!item.result?.files.some((f) => turn.reverted!.files.includes(f));
      return <ToolCard item={item} runId={turn.runId} runActive={running} approval={approval} reverted={reverted} />;
    }
    case 'approval':
      // Shown inside its tool card when there is one (same callId).
      return turn.items.some((t) => t.kind === 'tool' && t.id === item.id) ? null : <ApprovalCard item={item} runId={turn.runId} />;
    case 'warning':
      return <WarningView item={item} />;
    case 'intent':
      return <IntentBadge item={item} />;
    case 'salvage':
      return <SalvageView item={item} />;
    case 'model':
      return <ModelView item={item} />;
    case 'context':
      return <ContextView item={item} />;
    case 'progress':
      return <ProgressView item={item} />;
    case 'compaction':
      return <CompactionCard item={item} />;
  }
}

const ENDED: Record<Exclude<Turn['status'], 'running'>, { tone: 'green' | 'red' | 'amber'; label: string }> = {
  finished: { tone: 'green', label: 'finished' },
  failed: { tone: 'red', label: 'failed' },
  cancelled: { tone: 'amber', label: 'stopped' },
  interrupted: { tone: 'amber', label: 'interrupted' },
};

const STOPPED_BY_USER = 'stopped by the user';

function TurnFooter({ turn, sessionId }: { turn: Turn; sessionId?: string }) {
  // The answer is the turn's last message with text: that is what gets rated.
  const answer = turn.status !== 'running' ? turn.items.findLast((i) => i.kind === 'message' && i.done && i.text.trim()) : undefined;
  return (
    <div className="space-y-1.5 border-b border-neutral-800/70 pb-3 text-xs">
      <div className="flex items-center gap-2 text-neutral-500">
        {turn.status === 'running' ? (
          <>
            <Spinner /> <span>working…</span>
          </>
        ) : (
          <Badge tone={ENDED[turn.status].tone} testId="run-status">
            {ENDED[turn.status].label}
          </Badge>
        )}
        {turn.finishedAt && <span>{formatDuration(turn.finishedAt - turn.startedAt)}</span>}
        {turn.filesChanged.length > 0 && (
          <span className="truncate" title={turn.filesChanged.join('\n')}>
            changed <span className="font-mono">{turn.filesChanged.join(', ')}</span>
          </span>
        )}
      </div>
      {turn.summary && turn.status === 'finished' && <p data-testid="turn-summary" className="text-neutral-400">{turn.summary}</p>}
      {/* A stop by the user is said once, by the badge; other reasons are worth reading. */}
      {turn.error && turn.status !== 'finished' && !(turn.status === 'cancelled' && turn.error === STOPPED_BY_USER) && (
        <p data-testid="turn-error" className={turn.status === 'failed' ? 'text-red-400' : 'text-amber-400'}>
          {turn.error}
        </p>
      )}
      {answer && sessionId && <FeedbackButtons target={{ kind: 'message', sessionId, messageId: answer.id }} />}
      {canRevert(turn) && <RevertControl turn={turn} />}
      {turn.reverted && (
        <p data-testid="reverted" className="text-amber-300">
          Reverted: <span className="font-mono">{turn.reverted.files.join(', ')}</span>
          {turn.reverted.conflicts.length > 0 && (
            <span className="text-neutral-500"> (overwrote later changes to {turn.reverted.conflicts.join(', ')})</span>
          )}
        </p>
      )}
    </div>
  );
}
