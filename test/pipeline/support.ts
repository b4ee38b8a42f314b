// Helpers for pipeline tests over the engine; the scripted replies are in scripts.ts.
import type { App } from '../../lib/app';
import type { EventOf, EventType, RunEvent } from '../../lib/runs/events';

export * from './scripts';

export async function settle(app: App, runId: string): Promise<void> {
  await app.pipelines.settled(runId);
}

/** The system prompt of a chat request: which phase's prompt file asked. */
export const systemOf = (req: { messages?: { role: string; content: string }[] }) => req.messages?.find((m) => m.role === 'system')?.content ?? '';

export const ofType = <T extends EventType>(evs: RunEvent[], type: T): EventOf<T>[] => evs.filter((e): e is EventOf<T> => e.type === type);
