'use client';
import { useState } from 'react';
import type { Turn } from '@/lib/runs/view';
import { ApiError, post } from '../api';
import { ErrorText } from '../ui';

/**
 * Undo a turn's file changes, after a confirmation naming the files. When
 * files changed since the turn the server answers 409 with them; the same
 * button then asks to revert anyway (force).
 */
export function RevertControl({ turn }: { turn: Turn }) {
  const [confirming, setConfirming] = useState(false);
  const [conflicts, setConflicts] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const revert = async (force: boolean) => {
    setBusy(true);
    setError('');
    try {
      await post(`/api/runs/${turn.runId}/revert`, force ? { force: true } : {});
      setConflicts(null); // the `reverted` event updates the turn
      setConfirming(false);
    } catch (err) {
      const body = err instanceof ApiError ? (err.body as { conflicts?: string[] } | null) : null;
      if (err instanceof ApiError && err.status === 409 && body?.conflicts?.length) setConflicts(body.conflicts);
      else setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const n = turn.filesChanged.length;
  const files = `${n} file${n === 1 ? '' : 's'}`;
  if (!confirming && !conflicts) {
    return (
      <div className="text-xs">
        <button type="button" data-testid="revert" className="btn" title={`Restore ${turn.filesChanged.join(', ')} to how they were before this turn`} onClick={() => setConfirming(true)}>
          Revert {files}
        </button>
      </div>
    );
  }
  return (
    <div className="text-xs" data-testid="revert-confirm">
      {!conflicts && (
        <p className="mb-1 text-amber-300">
          Restore <span className="font-mono">{turn.filesChanged.join(', ')}</span> to how they were before this turn? Files this turn created are deleted.
        </p>
      )}
      {conflicts && (
        <p className="mb-1 text-amber-400">
          These files changed since this turn: <span className="font-mono">{conflicts.join(', ')}</span>. Revert anyway?
        </p>
      )}
      <div className="flex items-center gap-2">
        <button
          type="button"
          data-testid="revert-yes"
          className="btn-danger"
          disabled={busy}
          onClick={() => void revert(conflicts !== null)}
        >
          {conflicts ? 'Revert anyway' : `Yes, revert ${files}`}
        </button>
        <button type="button" data-testid="revert-cancel" className="btn-ghost" onClick={() => { setConflicts(null); setConfirming(false); }}>
          Cancel
        </button>
      </div>
      <ErrorText>{error}</ErrorText>
    </div>
  );
}
