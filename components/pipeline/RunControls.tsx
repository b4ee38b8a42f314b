'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { post } from '../api';
import { ErrorText } from '../ui';
import type { PipelineStatus } from './types';

/** Cancel while queued or running; Resume after a failure, an interruption or a cancel. */
export function RunControls({ id, status, compact = false }: { id: string; status: PipelineStatus; compact?: boolean }) {
  const qc = useQueryClient();
  const act = useMutation({
    mutationFn: (what: 'cancel' | 'resume') => post(`/api/pipelines/${id}/${what}`),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['pipelines'] });
      void qc.invalidateQueries({ queryKey: ['pipeline', id] });
    },
  });
  const cls = compact ? 'btn-ghost' : 'btn';
  return (
    <span className="inline-flex items-center gap-2">
      {(status === 'running' || status === 'queued') && (
        <button type="button" data-testid="pipeline-cancel" className={compact ? 'btn-ghost' : 'btn-danger'} disabled={act.isPending} onClick={() => act.mutate('cancel')}>
          Cancel
        </button>
      )}
      {(status === 'failed' || status === 'interrupted' || status === 'cancelled') && (
        <button type="button" data-testid="pipeline-resume" className={cls} disabled={act.isPending} onClick={() => act.mutate('resume')}>
          Resume
        </button>
      )}
      {act.error && <ErrorText>{act.error.message}</ErrorText>}
    </span>
  );
}
