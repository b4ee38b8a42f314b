'use client';
import { useState } from 'react';
import type { Turn } from '@/lib/runs/view';
import { ApiError, post } from '../api';
import { ErrorText } from '../ui';

/**
 * Undo a turn's file changes. When files changed since the turn the server
 * answers 409 with them; the same button then asks to revert anyway (force).
 */
export function RevertControl({ turn }: { turn: Turn }) {
  const [conflicts, setConflicts] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const revert = async (force: boolean) => {
    setBusy(true);
    setError('');
    try {
      await post(`/api/runs/${turn.runId}/revert`, force ? { force: true } : {});
      setConflicts(null); // the `reverted` event updates the turn
    } catch (err) {
      const body = err instanceof ApiError ? (err.body as { conflicts?: string[] } | null) : null;
      if (err instanceof ApiError && err.status === 409 && body?.conflicts?.length) setConflicts(body.conflicts);
      else setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="text-xs">
      {conflicts && (
        <p className="mb-1 text-amber-400">
          These files changed since this turn: <span className="font-mono">{conflicts.join(', ')}</span>. Revert anyway?
        </p>
      )}
      <div className="flex items-center gap-2">
        <button
          type="button"
          data-testid="revert"
          className={conflicts ? 'btn-danger' : 'btn'}
          disabled={busy}
          title={`Restore ${turn.filesChanged.join(', ')} to how they were before this turn`}
          onClick={() => void revert(conflicts !== null)}
        >
          {conflicts ? 'Revert anyway' : `Revert ${turn.filesChanged.length} file${turn.filesChanged.length === 1 ? '' : 's'}`}
        </button>
        {conflicts && (
          <button type="button" className="btn-ghost" onClick={() => setConflicts(null)}>
            Cancel
          </button>
        )}
      </div>
      <ErrorText>{error}</ErrorText>
    </div>
  );
}
