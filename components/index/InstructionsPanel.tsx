'use client';
// The workspace's instruction files (AGENTS.md, CLAUDE.md): what every turn
// reads from the machine and the root, and the folders' files a turn loads
// when it touches them, with their sizes and the byte budget.
import { useQuery } from '@tanstack/react-query';
import { api } from '../api';
import { Badge, Card, ErrorText, Spinner } from '../ui';
import type { InstructionOverview } from './types';

export function InstructionsPanel({ workspaceId }: { workspaceId: string }) {
  const q = useQuery({
    queryKey: ['instructions', workspaceId],
    queryFn: () => api<InstructionOverview>(`/api/workspaces/${encodeURIComponent(workspaceId)}/instructions`),
  });
  const o = q.data;
  return (
    <Card title="Project instructions" actions={o && <span className="text-xs text-neutral-500">budget {o.maxBytes} bytes</span>}>
      {q.isPending && <Spinner />}
      {q.error && <ErrorText>{q.error.message}</ErrorText>}
      {o && o.files.length === 0 && (
        <p data-testid="instructions-empty" className="text-xs text-neutral-500">
          No AGENTS.md (or CLAUDE.md) here or in ~/.code-assistant. Add one, or type <span className="font-mono">/remember …</span> in a session.
        </p>
      )}
      {o && o.files.length > 0 && (
        <table data-testid="instructions" className="w-full text-xs">
          <tbody>
            {o.files.map((f) => (
              <tr key={`${f.scope}:${f.path}`} data-testid="instruction-file" className="border-t border-neutral-800/70">
                <td className="py-1 pr-2 font-mono text-neutral-200">{f.path}</td>
                <td className="py-1 pr-2 text-neutral-500">{f.scope === 'machine' ? 'machine' : f.scope === 'root' ? 'every turn' : 'when a turn touches the folder'}</td>
                <td className="py-1 text-right text-neutral-400">
                  {f.refused ? (
                    <Badge tone="red" title={f.refused}>refused: {f.refused}</Badge>
                  ) : f.shadowed ? (
                    <span title="AGENTS.md in the same folder is read instead">not read (AGENTS.md wins)</span>
                  ) : f.bytes !== null && f.bytes < f.size ? (
                    <span className="text-amber-300">{f.bytes} of {f.size} bytes</span>
                  ) : (
                    <span>{f.size} bytes</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
