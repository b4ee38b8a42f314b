// The `ollama` kind: the native API through lib/llm/client.ts (num_ctx
// pinned, keep_alive for residency), and /api/tags + /api/ps for health and
// for which models a host has loaded.
import { chat, client, describeOllamaError } from '../client';
import type { DriverCall, DriverResult, Probe, ProviderDriver } from './types';

/** The host itself failed, as describeOllamaError words it: another host may answer. */
const HOST_DOWN = /not reachable|stopped answering|without finishing/i;

export const ollamaDriver: ProviderDriver = {
  kind: 'ollama',

  async chat(call: DriverCall): Promise<DriverResult> {
    const res = await chat(call);
    return { ...res, hostDown: !!res.error && HOST_DOWN.test(res.error) };
  },

  async probe(host: string, _apiKey: string, signal: AbortSignal): Promise<Probe> {
    try {
      const c = client(host, signal);
      const [tags, ps] = await Promise.all([c.list(), c.ps()]);
      return { models: tags.models.map((m) => m.name), loaded: ps.models.map((m) => m.name) };
    } catch (err) {
      throw new Error(describeOllamaError(err, host));
    }
  },
};
