'use client';
import { memo } from 'react';
import { attemptTurn, type PhaseAttempt, type PipelineView } from '@/lib/pipeline/view';
import { PHASE_INFO, PHASES, type PhaseName, type PhaseResult } from '@/lib/pipeline/types';
import type { ApprovalItem, MessageItem, TurnItem } from '@/lib/runs/view';
import { Badge, Spinner } from '../ui';
import { MessageView, ModelView, SalvageView, WarningView } from '../session/ItemViews';
import { ToolCard } from '../session/ToolCard';
import { FindingsList } from './FindingsList';
import { clock, fmtMs } from './types';

type PhaseState = 'pending' | 'skipped' | PhaseAttempt['state'];
const TONE: Record<PhaseState, 'neutral' | 'blue' | 'green' | 'red' | 'amber'> = {
  pending: 'neutral', running: 'blue', finished: 'green', failed: 'red', retrying: 'amber', stopped: 'amber', skipped: 'neutral',
};

/** The seven phases: persona, model, state, times, load time, tokens, and each attempt's live output. */
export function PhaseTimeline({ view }: { view: PipelineView }) {
  return (
    <ol data-testid="phase-timeline" className="space-y-2">
      {PHASES.map((phase) => (
        <PhaseRow key={phase} phase={phase} view={view} attempts={view.attempts.filter((a) => a.phase === phase)} />
      ))}
    </ol>
  );
}

function PhaseRow({ phase, view, attempts }: { phase: PhaseName; view: PipelineView; attempts: PhaseAttempt[] }) {
  const last = attempts.at(-1);
  const rec = view.state.phases[phase];
  const skipped = rec?.result?.phase === 'revise' && rec.result.skipped;
  const state: PhaseState = skipped ? 'skipped' : last?.state ?? 'pending';
  const info = PHASE_INFO[phase];
  const stats = last?.stats;
  return (
    <li data-testid="phase" data-phase={phase} data-state={state} className="rounded-md border border-neutral-800 bg-neutral-900/60">
      <details open={state === 'running' || state === 'failed' || state === 'retrying'}>
        <summary className="flex cursor-pointer select-none flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2 text-xs">
          <span className="w-36 text-sm font-semibold text-neutral-100">{info.label}</span>
          <Badge tone={TONE[state]}>{state === 'running' ? <><Spinner className="h-2 w-2" /> running</> : state}</Badge>
          <span className="capitalize text-neutral-300">{last?.persona ?? view.state.planned[phase]?.persona}</span>
          {last && <span className="font-mono text-neutral-400">{last.model}</span>}
          {last && (
            <span className="text-neutral-500">
              {clock(last.startedAt)}{last.finishedAt ? `–${clock(last.finishedAt)} (${fmtMs(last.finishedAt - last.startedAt)})` : ''}
            </span>
          )}
          {last && last.loadMs > 0 && <span className="text-neutral-500">load {fmtMs(last.loadMs)}</span>}
          {stats && (
            <span data-testid="phase-tokens" className="tabular-nums text-neutral-500">
              {stats.calls} call{stats.calls === 1 ? '' : 's'} · {stats.promptTokens} in · {stats.completionTokens} out
            </span>
          )}
          {attempts.length > 1 && <span className="text-amber-400">attempt {last!.attempt}</span>}
          {skipped && <span className="text-neutral-500">{skipped}</span>}
        </summary>
        <div className="space-y-2 border-t border-neutral-800 px-3 py-2">
          {attempts.length === 0 && <p className="text-xs text-neutral-500">Not started.</p>}
          {attempts.map((a) => <AttemptItems key={a.key} attempt={a} view={view} showLabel={attempts.length > 1} json={info.json === true} />)}
          {info.json && rec?.result && <PhaseResultView result={rec.result} />}
        </div>
      </details>
    </li>
  );
}

const AttemptItems = memo(function AttemptItems({ attempt, view, showLabel, json }: { attempt: PhaseAttempt; view: PipelineView; showLabel: boolean; json: boolean }) {
  const turn = attemptTurn(view, attempt.key);
  const running = attempt.state === 'running';
  return (
    <div className="space-y-1.5" data-testid="phase-attempt">
      {showLabel && <div className="text-[11px] text-neutral-500">Attempt {attempt.attempt}</div>}
      {turn?.items.map((item) => <Item key={`${item.kind}:${item.id}`} item={item} items={turn.items} running={running} json={json} />)}
      {attempt.error && <p className={attempt.state === 'retrying' ? 'text-xs text-amber-400' : 'text-xs text-red-400'}>{attempt.error}</p>}
    </div>
  );
});

function Item({ item, items, running, json }: { item: TurnItem; items: TurnItem[]; running: boolean; json: boolean }) {
  switch (item.kind) {
    case 'message':
      return json ? <JsonReplyView item={item} /> : <MessageView item={item} />;
    case 'tool': {
      const approval = items.find((a): a is ApprovalItem => a.kind === 'approval' && a.id === item.id);
      const criterion = (item.args as { criterion?: string } | null)?.criterion;
      const card = <ToolCard item={item} runId="" runActive={running} approval={approval} />;
      // The Tester's own commands carry the criterion they check.
      return criterion ? <div data-testid="criterion-run" data-criterion={criterion}><div className="text-[11px] text-neutral-500">criterion {criterion}</div>{card}</div> : card;
    }
    case 'warning':
      return <WarningView item={item} />;
    case 'salvage':
      return <SalvageView item={item} />;
    case 'model':
      return <ModelView item={item} />;
    default:
      return null;
  }
}

/** A JSON answer is data for the page, not prose: a progress line while it streams, the raw text on request. */
function JsonReplyView({ item }: { item: MessageItem }) {
  return (
    <div data-testid="json-reply" data-done={item.done} className="text-xs text-neutral-400">
      {item.done ? (
        <details>
          <summary className="cursor-pointer select-none">Answered in JSON ({item.text.length} characters) · show the raw reply</summary>
          <pre className="mt-1 max-h-60 overflow-auto whitespace-pre-wrap break-words rounded bg-neutral-950 p-2 text-[11px] text-neutral-300">{item.text}</pre>
        </details>
      ) : (
        <span className="inline-flex items-center gap-1.5"><Spinner /> Answering in JSON… {item.text.length} characters</span>
      )}
    </div>
  );
}

/** The structured phases' results as the rest of the page shows them. */
function PhaseResultView({ result }: { result: PhaseResult }) {
  switch (result.phase) {
    case 'classify':
      return (
        <p data-testid="phase-result" className="text-xs text-neutral-300">
          {result.implementable ? 'Implementable' : 'Not implementable'}
          {[result.language, result.stack].filter(Boolean).length > 0 && <span className="text-neutral-500"> · {[result.language, result.stack].filter(Boolean).join(' · ')}</span>}
          {result.reason && <span className="text-neutral-500"> · {result.reason}</span>}
        </p>
      );
    case 'criteria':
      return (
        <ul data-testid="phase-result" className="space-y-0.5 text-xs">
          {result.criteria.map((c) => (
            <li key={c.id}><span className="font-mono text-neutral-500">{c.id}</span> <span className="text-neutral-200">{c.statement}</span> <code className="text-[11px] text-neutral-500">{c.command}</code></li>
          ))}
        </ul>
      );
    case 'review':
      return <div data-testid="phase-result"><FindingsList findings={result.findings} text={result.fallbackText} /></div>;
    default:
      return null;
  }
}
