// The session that `ca chat` talks to, in one of two places: the server that
// holds the data folder (its HTTP routes, the session's SSE stream), or the
// engine in this process (the App, its event bus). Both are the same rows in
// the same database, so a session continues in the browser and back.
import fs from 'node:fs';
import path from 'node:path';
import { startTurn, TurnError } from '../lib/agents/chat';
import type { App } from '../lib/app';
import { AppRequestError, appJson, appRequest } from '../lib/http/client';
import { TERMINAL_EVENT_TYPES, type RunEvent } from '../lib/runs/events';
import { createSession, getSession, listSessions, transcript, type TranscriptMessage } from '../lib/sessions/sessions';
import { addWorkspace, validateWorkspacePath, workspaceGuard } from '../lib/sessions/workspaces';
import type { RemoteServer } from './io';
import { serverError, unreachable } from './remote';
import { sseBlocks } from './sse';
import type { SessionRow } from './chat-render';

export interface OpenedSession {
  id: string;
  title: string;
  workspacePath: string;
  /** 'new', or resumed ('resumed': the workspace's newest; 'given': --session). */
  how: 'new' | 'resumed' | 'given';
}

export type Pick = { session: string } | { workspace: string; resume: boolean };

export class ChatRefusal extends Error {}

/** A broken session stream is reopened this many times, this far apart, before the terminal gives up. */
const RECONNECTS = 30;
const RECONNECT_MS = 1000;

export interface ChatBackend {
  /** Where it runs, for the banner. */
  where: string;
  /** On a server, a reply goes on when the terminal leaves; in this process it stops with it. */
  remote: boolean;
  open(pick: Pick): Promise<OpenedSession>;
  /** The stored conversation, oldest first. */
  messages(sessionId: string): Promise<TranscriptMessage[]>;
  /**
   * The session's events from now on (and those of a reply already running),
   * until the returned function is called. `lost` is called if the stream
   * breaks (the server went away).
   */
  follow(sessionId: string, onEvent: (e: RunEvent) => void, lost: (why: string) => void): Promise<() => void>;
  /** Starts a turn; a refusal (busy, empty, too large) comes back as its message. */
  send(sessionId: string, text: string): Promise<{ runId: string } | { error: string }>;
  approve(runId: string, callId: string, approved: boolean): Promise<string | null>;
  cancel(runId: string): Promise<void>;
  sessions(): Promise<SessionRow[]>;
}

const realpath = (p: string) => {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
};

export function localBackend(app: App): ChatBackend {
  const guard = workspaceGuard(app);
  return {
    where: 'in this process',
    remote: false,
    async open(pick) {
      if ('session' in pick) {
        const found = getSession(app.db, pick.session);
        if (!found) throw new ChatRefusal(`No session ${pick.session.slice(0, 80)}. npm run ca -- sessions lists them.`);
        return { id: found.session.id, title: found.session.title, workspacePath: found.workspacePath, how: 'given' };
      }
      const v = validateWorkspacePath(pick.workspace, guard);
      if (!v.ok) throw new ChatRefusal(v.error);
      const ws = addWorkspace(app.db, v.path);
      if (pick.resume) {
        const newest = listSessions(app.db).find((s) => s.workspacePath === ws.path);
        if (newest) return { id: newest.id, title: newest.title, workspacePath: ws.path, how: 'resumed' };
      }
      const s = createSession(app.db, ws.id);
      return { id: s.id, title: s.title, workspacePath: ws.path, how: 'new' };
    },
    async messages(sessionId) {
      return allPages((after) => transcript(app.db, sessionId, { after, limit: 500 }));
    },
    async follow(sessionId, onEvent) {
      // Acks are persisted copies of deltas already delivered live.
      return app.log.bus.subscribe({ sessionId }, (e, ack) => {
        if (!ack) onEvent(e);
      });
    },
    async send(sessionId, text) {
      try {
        return { runId: startTurn(app, sessionId, text) };
      } catch (e) {
        if (e instanceof TurnError) return { error: e.message };
        throw e;
      }
    },
    async approve(runId, callId, approved) {
      return app.runs.resolveApproval(runId, callId, approved) ? null : 'Nothing is waiting for that approval (the run may have ended).';
    },
    async cancel(runId) {
      app.runs.cancel(runId);
    },
    async sessions() {
      return listSessions(app.db);
    },
  };
}

export function remoteBackend(server: RemoteServer): ChatBackend {
  const get = <T>(p: string) => call(() => appJson<T>(server.url, p));
  const post = <T>(p: string, json: unknown) => call(() => appJson<T>(server.url, p, { json }));
  async function call<T>(f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (e) {
      if (e instanceof AppRequestError && e.status < 500) throw new ChatRefusal(serverError(e));
      throw unreachable(server, e);
    }
  }
  const enc = encodeURIComponent;
  return {
    where: `on the server at ${server.url} (pid ${server.pid})`,
    remote: true,
    async open(pick) {
      if ('session' in pick) {
        try {
          const found = await appJson<{ session: { id: string; title: string }; workspacePath: string }>(server.url, `/api/sessions/${enc(pick.session)}`);
          return { id: found.session.id, title: found.session.title, workspacePath: found.workspacePath, how: 'given' };
        } catch (e) {
          if (e instanceof AppRequestError && e.status === 404) throw new ChatRefusal(`No session ${pick.session.slice(0, 80)}. npm run ca -- sessions lists them.`);
          throw e instanceof AppRequestError && e.status < 500 ? new ChatRefusal(serverError(e)) : unreachable(server, e);
        }
      }
      const { workspace } = await post<{ workspace: { id: string; path: string } }>('/api/workspaces', { path: pick.workspace });
      if (pick.resume) {
        const { sessions } = await get<{ sessions: SessionRow[] }>('/api/sessions');
        const newest = sessions.find((s) => realpath(s.workspacePath) === realpath(workspace.path));
        if (newest) return { id: newest.id, title: newest.title, workspacePath: workspace.path, how: 'resumed' };
      }
      const { session } = await post<{ session: { id: string; title: string } }>('/api/sessions', { workspaceId: workspace.id });
      return { id: session.id, title: session.title, workspacePath: workspace.path, how: 'new' };
    },
    async messages(sessionId) {
      const out: TranscriptMessage[] = [];
      for (let after = 0; ; ) {
        const page = await get<{ messages: TranscriptMessage[]; more: boolean }>(`/api/sessions/${enc(sessionId)}/messages?after=${after}`);
        out.push(...page.messages);
        if (!page.more || !page.messages.length) return out;
        after = page.messages[page.messages.length - 1]!.id;
      }
    },
    async follow(sessionId, onEvent, lost) {
      // The session's stream replays its history first: only a reply still running is shown from it.
      const { runs, activeRunId } = await get<{ runs: { id: string }[]; activeRunId: string | null }>(`/api/sessions/${enc(sessionId)}`);
      const past = new Set(runs.map((r) => r.id).filter((id) => id !== activeRunId));
      const ctl = new AbortController();
      let lastId = 0;
      const connect = async () => {
        const headers: Record<string, string> = { Accept: 'text/event-stream', ...(lastId ? { 'Last-Event-ID': String(lastId) } : {}) };
        const res = await appRequest(server.url, `/api/sessions/${enc(sessionId)}/events`, { signal: ctl.signal, headers });
        if (!res.ok || !res.body) throw new Error(`HTTP ${res.status} for the session's event stream`);
        return res.body as unknown as AsyncIterable<Uint8Array>;
      };
      let body: AsyncIterable<Uint8Array>;
      try {
        body = await connect();
      } catch (e) {
        throw unreachable(server, e);
      }
      void (async () => {
        // A stream that breaks (the server restarted) is reopened after the last event seen.
        let why = '';
        for (let failures = 0; failures <= RECONNECTS; ) {
          try {
            for await (const block of sseBlocks(body)) {
              failures = 0;
              if (block.event !== 'message') continue;
              const e = JSON.parse(block.data) as RunEvent;
              if (e.id > 0) lastId = e.id;
              if (past.has(e.runId)) continue;
              onEvent(e);
              if (TERMINAL_EVENT_TYPES.has(e.type)) past.add(e.runId); // a replay after this must not show it again
            }
            why = 'the server closed the stream';
          } catch (e) {
            why = e instanceof Error ? ((e.cause as Error | undefined)?.message ?? e.message) : String(e);
          }
          if (ctl.signal.aborted) return;
          failures++;
          await new Promise((r) => setTimeout(r, RECONNECT_MS));
          if (ctl.signal.aborted) return;
          try {
            body = await connect();
          } catch (e) {
            why = e instanceof Error ? ((e.cause as Error | undefined)?.message ?? e.message) : String(e);
            body = (async function* () {})();
          }
        }
        if (!ctl.signal.aborted) lost(why);
      })();
      return () => ctl.abort();
    },
    async send(sessionId, text) {
      try {
        return await appJson<{ runId: string }>(server.url, `/api/sessions/${enc(sessionId)}/turns`, { json: { text } });
      } catch (e) {
        if (e instanceof AppRequestError && e.status < 500) return { error: serverError(e) };
        throw unreachable(server, e);
      }
    },
    async approve(runId, callId, approved) {
      try {
        await appJson(server.url, `/api/runs/${enc(runId)}/approve`, { json: { callId, approved } });
        return null;
      } catch (e) {
        if (e instanceof AppRequestError && e.status < 500) return serverError(e);
        throw unreachable(server, e);
      }
    },
    async cancel(runId) {
      await appRequest(server.url, `/api/runs/${enc(runId)}/cancel`, { method: 'POST', json: {} }).catch(() => {});
    },
    async sessions() {
      return (await get<{ sessions: SessionRow[] }>('/api/sessions')).sessions;
    },
  };
}

function allPages<T extends { id: number }>(page: (after: number) => T[]): T[] {
  const out: T[] = [];
  for (let after = 0; ; ) {
    const got = page(after);
    out.push(...got);
    if (got.length < 500) return out;
    after = got[got.length - 1]!.id;
  }
}


/** A workspace argument as the server needs it: absolute, from where the user typed the command. */
export function workspaceArg(cwd: string, dir: string | undefined): string {
  return path.resolve(cwd, dir ?? '.');
}
