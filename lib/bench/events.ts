// Figures of a pipeline run, read from its event log (the single source of truth).
import type { RunEvent } from '../runs/events';
import type { CallFigure, ModelFigures } from './types';

export interface EventFigures extends ModelFigures {
  models: string[];
}

/** A tool result that says the call itself was malformed, not that the tool failed. */
export const isMalformed = (content: string) => /^(Unknown tool "|Invalid arguments for )/.test(content);

export function eventFigures(events: RunEvent[]): EventFigures {
  const f: EventFigures = { modelCalls: 0, promptTokens: 0, completionTokens: 0, loadMs: 0, toolCalls: { native: {}, salvaged: {}, malformed: 0 }, timeouts: 0, models: [] };
  const bump = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);
  const calls = new Map<string, CallFigure>();
  for (const e of events) {
    if (e.type === 'message_done') {
      // Events from before providers existed name no host: they ran on ollama_host.
      const provider = e.provider ?? 'ollama_host';
      const host = e.host ?? '';
      const c = calls.get(`${provider} ${host}`) ?? { provider, host, calls: 0, promptTokens: 0, completionTokens: 0, durationMs: 0, partial: 0 };
      calls.set(`${provider} ${host}`, c);
      c.calls++;
      c.promptTokens += e.promptTokens ?? e.estimatedPromptTokens ?? 0;
      c.completionTokens += e.completionTokens ?? 0;
      c.durationMs += e.durationMs ?? 0;
      if (e.partial) c.partial++;
      f.modelCalls++;
      f.promptTokens += e.promptTokens ?? e.estimatedPromptTokens ?? 0;
      f.completionTokens += e.completionTokens ?? 0;
    } else if (e.type === 'model_load') f.loadMs += e.durationMs;
    else if (e.type === 'phase_started' && !f.models.includes(e.model)) f.models.push(e.model);
    else if (e.type === 'tool_call') {
      if (e.salvaged) bump(f.toolCalls.salvaged, e.salvaged);
      else bump(f.toolCalls.native, e.tool);
    } else if (e.type === 'tool_result') {
      if (!e.ok && isMalformed(e.content)) f.toolCalls.malformed++;
      if (e.timedOut) f.timeouts++;
    }
  }
  f.calls = [...calls.values()];
  return f;
}
