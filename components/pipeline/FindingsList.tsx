import type { Finding } from '@/lib/pipeline/types';
import { Badge } from '../ui';

const TONE = { error: 'red', warning: 'amber', info: 'blue' } as const;

/** The Reviewer's findings; its plain text when it never produced valid JSON. */
/** `revised`: the files the revise pass changed, when it ran; a finding elsewhere is still open. */
export function FindingsList({ findings, text, revised }: { findings: Finding[]; text?: string; revised?: string[] }) {
  if (text) {
    return (
      <div>
        <p className="mb-1 text-[11px] text-amber-400">The Reviewer&apos;s findings were not valid JSON; its text:</p>
        <pre className="whitespace-pre-wrap break-words rounded bg-neutral-950 p-2 text-xs text-neutral-300">{text}</pre>
      </div>
    );
  }
  if (!findings.length) return <p className="text-xs text-neutral-500">No findings.</p>;
  return (
    <ul className="space-y-1.5">
      {findings.map((f, i) => (
        <li key={i} data-testid="finding" className="rounded border border-neutral-800 bg-neutral-950/60 px-2 py-1.5 text-xs">
          <div className="flex items-center gap-2">
            <Badge tone={TONE[f.severity]}>{f.severity}</Badge>
            <span className="font-mono text-neutral-400">{f.file}{f.line ? `:${f.line}` : ''}</span>
            {revised && f.severity !== 'info' && (
              revised.includes(f.file)
                ? <span data-testid="finding-state" data-state="revised" className="ml-auto text-[11px] text-neutral-500">revise changed this file</span>
                : <span data-testid="finding-state" data-state="open" className="ml-auto"><Badge tone="red">open</Badge></span>
            )}
          </div>
          <p className="mt-1 text-neutral-200">{f.finding}</p>
          {f.suggestion && <p className="mt-0.5 text-neutral-400">Fix: {f.suggestion}</p>}
        </li>
      ))}
    </ul>
  );
}
