/** A unified diff with added lines green, removed lines red and hunk headers blue. */
export function DiffView({ diff }: { diff: string }) {
  const lines = diff.replace(/\n$/, '').split('\n');
  return (
    <pre data-testid="diff" className="max-h-96 overflow-auto rounded border border-neutral-800 bg-neutral-950 py-1 font-mono text-[12px] leading-snug">
      {lines.map((line, i) => (
        <div key={i} className={`px-2 ${lineClass(line)}`}>
          {line || ' '}
        </div>
      ))}
    </pre>
  );
}

function lineClass(line: string): string {
  if (line.startsWith('+++') || line.startsWith('---') || line.startsWith('Index:') || line.startsWith('====')) return 'text-neutral-500';
  if (line.startsWith('+')) return 'bg-emerald-950/60 text-emerald-300';
  if (line.startsWith('-')) return 'bg-red-950/60 text-red-300';
  if (line.startsWith('@@')) return 'text-sky-400';
  if (line.startsWith('\\')) return 'text-neutral-500 italic';
  return 'text-neutral-300';
}
