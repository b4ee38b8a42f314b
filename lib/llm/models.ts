// What Ollama has: reachability, pulled models, resident models; and pulling
// a missing model with progress.
import { client, describeOllamaError } from './client';

export interface OllamaStatus {
  host: string;
  reachable: boolean;
  version?: string;
  error?: string;
  models: { name: string; size: number; parameterSize?: string; quantization?: string }[];
  loaded: { name: string; sizeVram: number; expiresAt?: string }[];
}

export async function ollamaStatus(host: string, timeoutMs = 2500): Promise<OllamaStatus> {
  const signal = AbortSignal.timeout(timeoutMs);
  const c = client(host, signal);
  try {
    const [version, tags, ps] = await Promise.all([c.version(), c.list(), c.ps().catch(() => ({ models: [] }))]);
    return {
      host,
      reachable: true,
      version: version.version,
      models: tags.models.map((m) => ({
        name: m.name, size: m.size, parameterSize: m.details?.parameter_size, quantization: m.details?.quantization_level,
      })),
      loaded: ps.models.map((m) => ({ name: m.name, sizeVram: m.size_vram, expiresAt: m.expires_at ? String(m.expires_at) : undefined })),
    };
  } catch (err) {
    return { host, reachable: false, error: describeOllamaError(err, host), models: [], loaded: [] };
  }
}

/** Ollama names `qwen2.5-coder:7b`; a bare name means `:latest`. */
export function sameModel(a: string, b: string): boolean {
  const norm = (s: string) => (s.includes(':') ? s : `${s}:latest`);
  return norm(a) === norm(b);
}

export function missingModels(wanted: string[], pulled: string[]): string[] {
  return [...new Set(wanted)].filter((w) => !pulled.some((p) => sameModel(p, w)));
}

export interface PullProgress {
  status: string;
  total?: number;
  completed?: number;
}

export async function pullModel(host: string, model: string, onProgress: (p: PullProgress) => void, signal?: AbortSignal): Promise<void> {
  const stream = await client(host, signal).pull({ model, stream: true });
  for await (const p of stream) onProgress({ status: p.status, total: p.total, completed: p.completed });
}
