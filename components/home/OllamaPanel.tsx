import type { Status } from '../api';
import { Badge, Card } from '../ui';

export function OllamaPanel({ ollama }: { ollama: Status['ollama'] }) {
  return (
    <Card title="Ollama">
      <div data-testid="ollama-status" className="text-sm">
        {ollama.reachable ? (
          <p className="flex flex-wrap items-center gap-2">
            <Badge tone="green">reachable</Badge>
            <span>
              Ollama is reachable at <code className="font-mono">{ollama.host}</code>
              {ollama.version && <span className="text-neutral-400"> · version {ollama.version}</span>}
            </span>
          </p>
        ) : (
          <div className="space-y-1">
            <p className="flex flex-wrap items-center gap-2">
              <Badge tone="red">not reachable</Badge>
              <span>
                Ollama is not reachable at <code className="font-mono">{ollama.host}</code> — install from{' '}
                <a className="text-sky-400 underline" href="https://ollama.com" target="_blank" rel="noreferrer">
                  ollama.com
                </a>{' '}
                and run <code className="rounded bg-neutral-800 px-1 font-mono">ollama serve</code>
              </span>
            </p>
            {ollama.error && <p className="text-xs text-neutral-500">{ollama.error}</p>}
          </div>
        )}
      </div>
    </Card>
  );
}
