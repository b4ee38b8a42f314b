import { withTag } from '@/lib/text';
import { formatBytes, type Status } from '../api';
import { Badge, Card } from '../ui';
import { MissingModel, usePulls } from './MissingModel';
import { ModelUse } from './ModelUse';

const sameModel = (a: string, b: string) => withTag(a) === withTag(b);

export function ModelsPanel({ status }: { status: Status }) {
  const { ollama, personaModels, missing } = status;
  const pulled = (m: string) => ollama.models.some((p) => sameModel(p.name, m));
  const { states, pull } = usePulls();
  const anyRunning = missing.some((m) => states[m.model]?.running);
  // One after another: parallel downloads of several GB only fight for the line.
  const pullAll = async () => {
    for (const m of missing) if (!states[m.model]?.running) await pull(m.model);
  };
  return (
    <>
      <Card title="Persona models">
        <table className="w-full text-xs">
          <tbody>
            {personaModels.map((p) => (
              <tr key={p.key} className="border-t border-neutral-800 first:border-0">
                <td className="py-1 pr-2 text-neutral-400">{p.key.replace(/_model$/, '')}</td>
                <td className="py-1 font-mono">{withTag(p.model)}</td>
                <td className="py-1 pr-2 text-right text-[11px]"><ModelUse p={p} /></td>
                <td className="py-1 text-right">
                  {!ollama.reachable ? <Badge>unknown</Badge> : pulled(p.model) ? <Badge tone="green">pulled</Badge> : <Badge tone="amber">missing</Badge>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {missing.length > 0 && (
          <div className="mt-3 space-y-2">
            <div className="flex items-center gap-2">
              <p className="flex-1 text-xs text-amber-400">Not pulled yet: run the command, or pull from here.</p>
              {missing.length > 1 && (
                <button type="button" data-testid="pull-all" className="btn" disabled={anyRunning} onClick={() => void pullAll()}>
                  Pull all missing ({missing.length})
                </button>
              )}
            </div>
            {missing.map((m) => (
              <MissingModel key={m.model} missing={m} state={states[m.model]} onPull={() => void pull(m.model)} />
            ))}
          </div>
        )}
      </Card>
      <Card title={`Pulled models (${ollama.models.length})`}>
        {ollama.models.length === 0 ? (
          <p className="text-xs text-neutral-500">{ollama.reachable ? 'No models pulled yet.' : 'Unknown while Ollama is not reachable.'}</p>
        ) : (
          <table className="w-full text-xs" data-testid="pulled-models">
            <tbody>
              {ollama.models.map((m) => {
                const loaded = ollama.loaded.find((l) => l.name === m.name);
                return (
                  <tr key={m.name} className="border-t border-neutral-800 first:border-0">
                    <td className="py-1 font-mono">{m.name}</td>
                    <td className="py-1 text-neutral-400">{[m.parameterSize, m.quantization].filter(Boolean).join(' · ')}</td>
                    <td className="py-1 text-right tabular-nums text-neutral-400">{formatBytes(m.size)}</td>
                    <td className="py-1 text-right">{loaded && <Badge tone="blue" title={`${formatBytes(loaded.sizeVram)} in VRAM`}>loaded</Badge>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </Card>
    </>
  );
}
