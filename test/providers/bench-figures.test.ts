// Benchmark figures say where each model call ran: per provider and host,
// read from the run's message_done events.
import { describe, expect, it } from 'vitest';
import { eventFigures } from '../../lib/bench/events';
import type { RunEvent } from '../../lib/runs/events';

const done = (extra: Partial<Extract<RunEvent, { type: 'message_done' }>>): RunEvent =>
  ({ type: 'message_done', messageId: 'm', content: '', id: 0, runId: 'r', seq: 0, at: 0, ...extra }) as unknown as RunEvent;

describe('figures per provider and host', () => {
  it('counts calls, tokens, time and cut-off replies per host', () => {
    const f = eventFigures([
      done({ provider: 'gpu', host: 'http://gpu1:8000/v1', promptTokens: 100, completionTokens: 7, durationMs: 30, partial: true }),
      done({ provider: 'gpu', host: 'http://gpu2:8000/v1', promptTokens: 100, completionTokens: 20, durationMs: 50 }),
      done({ provider: 'gpu', host: 'http://gpu2:8000/v1', promptTokens: 150, completionTokens: 5, durationMs: 10 }),
      done({ host: 'http://127.0.0.1:11434', promptTokens: 40, completionTokens: 4, durationMs: 5 }),
    ]);
    expect(f.modelCalls).toBe(4);
    expect(f.calls).toEqual([
      { provider: 'gpu', host: 'http://gpu1:8000/v1', calls: 1, promptTokens: 100, completionTokens: 7, durationMs: 30, partial: 1 },
      { provider: 'gpu', host: 'http://gpu2:8000/v1', calls: 2, promptTokens: 250, completionTokens: 25, durationMs: 60, partial: 0 },
      { provider: 'ollama_host', host: 'http://127.0.0.1:11434', calls: 1, promptTokens: 40, completionTokens: 4, durationMs: 5, partial: 0 },
    ]);
  });
});
