'use client';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useLayoutEffect, useRef } from 'react';
import { activeTurn } from '@/lib/runs/view';
import { api, ApiError, type SessionDetail } from '../api';
import { Badge, ErrorText, Spinner, TopNav } from '../ui';
import { Composer } from './Composer';
import { ModelPicker } from './ModelPicker';
import { TurnView } from './TurnView';
import { useSessionEvents, type StreamState } from './useSessionEvents';

const STREAM_LABEL: Record<Exclude<StreamState, 'open'>, string> = {
  connecting: 'connecting…',
  reconnecting: 'reconnecting…',
  closed: 'disconnected: reload the page',
  ended: 'ended',
};

export function SessionPage({ id }: { id: string }) {
  const qc = useQueryClient();
  const detail = useQuery({
    queryKey: ['session', id],
    queryFn: () => api<SessionDetail>(`/api/sessions/${id}`),
    retry: (n, e) => !(e instanceof ApiError && e.status === 404) && n < 1,
  });
  const missing = detail.error instanceof ApiError && detail.error.status === 404;
  const { view, stream } = useSessionEvents(id);
  const active = activeTurn(view);
  const scroller = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);

  // A new turn renames a new session and ends in a new run row: refresh both.
  // (Also done after Send, but a fetch still in flight from page load could win there.)
  const turnCount = view.turns.length;
  const activeId = active?.runId;
  useEffect(() => {
    if (turnCount === 0) return;
    void qc.invalidateQueries({ queryKey: ['session', id] });
    void qc.invalidateQueries({ queryKey: ['sessions'] });
  }, [qc, id, turnCount, activeId]);

  // Follow the stream while the user is at the bottom; leave them be once they scroll up.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
  }, [view]);

  // A resize rewraps the text (the content grows or shrinks under a fixed
  // scrollTop): stay at the bottom if that is where the user was.
  useEffect(() => {
    const el = scroller.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => {
      if (pinned.current) el.scrollTop = el.scrollHeight;
    });
    ro.observe(el);
    if (el.firstElementChild) ro.observe(el.firstElementChild);
    return () => ro.disconnect();
  }, [missing]);
  const lastTop = useRef(0);

  const d = detail.data;
  // A deleted or mistyped session: nothing to write into, so no composer.
  if (missing) {
    return (
      <div className="flex h-full flex-col">
        <TopNav />
        <div className="mx-auto mt-16 max-w-md space-y-3 px-4 text-center" data-testid="session-missing">
          <h1 className="text-base font-semibold text-neutral-100">No such session</h1>
          <p className="text-sm text-neutral-400">It may have been deleted, or the link is mistyped.</p>
          <Link href="/" className="btn inline-block" data-testid="session-missing-home">Back to home: open or start a session</Link>
        </div>
      </div>
    );
  }
  return (
    <div className="flex h-full flex-col">
      <TopNav>
        {d && (
          <Link href={`/workspaces/${d.session.workspaceId}/index`} data-testid="session-index-link" className="text-xs text-neutral-400 hover:text-neutral-100" title="The workspace's symbol index and search">
            Index
          </Link>
        )}
        {stream !== 'open' && <Badge tone={stream === 'closed' ? 'red' : 'amber'}>{STREAM_LABEL[stream]}</Badge>}
        {d && <ModelPicker session={d} />}
      </TopNav>
      <div className="flex items-baseline gap-3 border-b border-neutral-800 bg-neutral-950 px-4 py-1.5">
        <h1 className="truncate text-sm font-semibold text-neutral-100" data-testid="session-title">
          {d?.session.title ?? (detail.isLoading ? 'Loading…' : 'Session')}
        </h1>
        {d && (
          <span className="truncate font-mono text-[11px] text-neutral-500" data-testid="session-workspace" title={d.workspacePath}>
            {d.workspacePath}
          </span>
        )}
        {active && (
          <span className="ml-auto flex items-center gap-1 text-[11px] text-sky-400">
            <Spinner /> replying
          </span>
        )}
      </div>
      <div
        ref={scroller}
        data-testid="session-scroller"
        className="flex-1 overflow-y-auto"
        onScroll={(e) => {
          const el = e.currentTarget;
          // Only the user moving up unpins: a resize that clamps scrollTop is not a choice to leave the bottom.
          const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
          if (atBottom) pinned.current = true;
          else if (el.scrollTop < lastTop.current) pinned.current = false;
          lastTop.current = el.scrollTop;
        }}
      >
        <div className="mx-auto max-w-5xl space-y-4 px-4 py-4">
          {detail.error && (
            <ErrorText>
              {detail.error.message} <Link href="/" className="underline">Back home</Link>
            </ErrorText>
          )}
          {view.turns.length === 0 && !detail.error && (
            <p className="py-10 text-center text-sm text-neutral-500">
              {stream === 'open' ? 'No turns yet. Ask a question or describe a change.' : 'Loading the conversation…'}
            </p>
          )}
          {view.turns.map((t) => (
            <TurnView key={t.runId} turn={t} sessionId={id} />
          ))}
        </div>
      </div>
      <Composer
        sessionId={id}
        activeRunId={active?.runId ?? null}
        onSent={() => {
          // The first turn renames the session; the reply itself arrives as events.
          pinned.current = true;
          void qc.invalidateQueries({ queryKey: ['session', id] });
          void qc.invalidateQueries({ queryKey: ['sessions'] });
        }}
      />
    </div>
  );
}
