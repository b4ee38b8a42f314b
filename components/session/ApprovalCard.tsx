'use client';
import { useState } from 'react';
import type { ApprovalItem } from '@/lib/runs/view';
import { post } from '../api';
import { Badge, ErrorText } from '../ui';

/** Shell policy "ask": the run waits until the user approves or denies the command. */
export function ApprovalCard({ item, runId }: { item: ApprovalItem; runId: string }) {
  const [sending, setSending] = useState(false);
  const [error, setError] = useState('');
  const answer = async (approved: boolean) => {
    setSending(true);
    setError('');
    try {
      await post(`/api/runs/${runId}/approve`, { callId: item.id, approved });
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setSending(false);
    }
  };
  if (item.approved !== null) {
    // Resolved: one line is enough; the tool card shows the command and its output.
    return (
      <div data-testid="approval" className="flex items-center gap-2 text-[11px] text-neutral-500">
        {item.approved ? <Badge tone="green">approved</Badge> : <Badge tone="red">denied</Badge>}
        <span className="truncate font-mono">{item.command}</span>
      </div>
    );
  }
  return (
    <div data-testid="approval" className="rounded-md border border-amber-700 bg-amber-950/30 p-2 text-xs">
      <p className="text-amber-200">{item.tool.includes('__') ? `Allow this call to the MCP tool ${item.tool}?` : `Allow ${item.tool} to run this command?`}</p>
      {item.note && <p data-testid="approval-note" className="mt-1 text-amber-400">{item.note}</p>}
      <pre className="mt-1 whitespace-pre-wrap break-all rounded bg-neutral-950 p-1.5 font-mono text-neutral-100">{item.command}</pre>
      <div className="mt-2 flex gap-2">
        <button type="button" data-testid="approve" className="btn-primary" disabled={sending} onClick={() => void answer(true)}>
          Approve
        </button>
        <button type="button" data-testid="deny" className="btn-danger" disabled={sending} onClick={() => void answer(false)}>
          Deny
        </button>
      </div>
      <ErrorText>{error}</ErrorText>
    </div>
  );
}
