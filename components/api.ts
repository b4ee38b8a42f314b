// Client-side access to the app's JSON API. Shapes lib defines are imported
// from it type-only (erased at build: no server module reaches the bundle).
import type { ConfigRow } from '@/lib/config/display';
import type { appStatus } from '@/lib/status';
import type { SessionRow } from '@/lib/sessions/manage';
export type { ConfigIssue } from '@/lib/config/schema';
import type { ConfigIssue } from '@/lib/config/schema';

/** GET /api/status: what lib/status.ts builds. */
export type Status = Awaited<ReturnType<typeof appStatus>>;
export type { SandboxStatus } from '@/lib/tools/sandbox';

export type { Workspace } from '@/lib/sessions/workspaces';
/** GET /api/sessions: one row of the list (lib/sessions/manage.ts findSessions). */
export type SessionSummary = SessionRow;

export type { PersonaModelKey } from '@/lib/config/schema';
import type { PersonaModelKey } from '@/lib/config/schema';

export interface SessionDetail {
  session: { id: string; title: string; workspaceId: string; createdAt: number; updatedAt: number };
  workspacePath: string;
  runs: { id: string; kind: string; status: string; input: string; error: string | null; createdAt: number; finishedAt: number | null }[];
  activeRunId: string | null;
  models: Record<PersonaModelKey, string>;
  overrides: Partial<Record<PersonaModelKey, string>>;
}

/** A settings row as lib describes it (a type-only import: no server code reaches the browser). */
export type SettingRow = ConfigRow;

export interface Settings { workspace: string | null; dataDir: string; rows: SettingRow[]; issues: ConfigIssue[] }

/** An API failure carrying the server's `{error}` text and the HTTP status (and body, for 409 details). */
export class ApiError extends Error {
  constructor(message: string, readonly status: number, readonly body: unknown) {
    super(message);
  }
}

export async function api<T>(url: string, init?: { method?: string; body?: unknown; signal?: AbortSignal }): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: init?.method ?? 'GET',
      headers: init?.body !== undefined ? { 'Content-Type': 'application/json' } : undefined,
      body: init?.body !== undefined ? JSON.stringify(init.body) : undefined,
      signal: init?.signal,
    });
  } catch (err) {
    throw new ApiError(`The code-assistant server did not answer (${(err as Error).message}). Is it still running?`, 0, null);
  }
  const data = (await res.json().catch(() => null)) as (T & { error?: string }) | null;
  if (!res.ok) throw new ApiError(data?.error ?? `${res.status} ${res.statusText}`, res.status, data);
  return data as T;
}

export const post = <T>(url: string, body: unknown = {}) => api<T>(url, { method: 'POST', body });

export function formatBytes(n: number): string {
  if (!n) return '0 B';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  const i = Math.min(units.length - 1, Math.floor(Math.log(n) / Math.log(1024)));
  return `${(n / 1024 ** i).toFixed(i >= 3 ? 1 : 0)} ${units[i]}`;
}

export function timeAgo(ms: number, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return new Date(ms).toLocaleDateString();
}
