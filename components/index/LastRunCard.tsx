'use client';
import type { IndexSummary } from './types';
import { Card } from '../ui';

/** What the last run did, what it skipped and which files had errors. */
export function LastRunCard({ last }: { last: IndexSummary }) {
  const sk = last.skipped;
  const skipped = [
    sk.tooLarge && `${sk.tooLarge} over the size cap`,
    sk.binary && `${sk.binary} binary`,
    sk.minified && `${sk.minified} minified`,
    sk.symlinks && `${sk.symlinks} symlinks`,
    sk.unreadable && `${sk.unreadable} unreadable`,
    sk.noGrammar && `${sk.noGrammar} without a grammar`,
    sk.overLimit && 'file limit reached: the rest of the workspace was not walked (raise index_max_files in the config)',
  ].filter(Boolean);
  return (
    <Card title="Last run">
      <p className="text-xs text-neutral-300" data-testid="last-run">
        {new Date(last.startedAt).toLocaleString()} · {last.durationMs} ms · {last.parsed} parsed · {last.unchanged} unchanged · {last.removed} removed
      </p>
      <p className="mt-1 text-xs text-neutral-500">Skipped: {skipped.length ? skipped.join(', ') : 'nothing'} (plus .gitignore, dependency and build folders).</p>
      {sk.examples.length > 0 && (
        <details className="mt-1 text-xs">
          <summary className="cursor-pointer text-neutral-500">Skipped files</summary>
          <ul className="mt-1 space-y-0.5 font-mono">
            {sk.examples.map((e) => <li key={e.path}>{e.path} <span className="text-neutral-500">— {e.reason}</span></li>)}
          </ul>
        </details>
      )}
      <h3 className="mt-3 text-xs font-semibold text-neutral-400">Errors ({last.errorCount})</h3>
      {last.errorCount === 0 ? (
        <p className="text-xs text-neutral-500">None: every file parsed cleanly.</p>
      ) : (
        <ul className="mt-1 space-y-0.5 text-xs" data-testid="index-errors">
          {last.errors.map((e) => (
            <li key={e.path}><span className="font-mono">{e.path}</span> <span className="text-amber-300">{e.message}</span></li>
          ))}
          {last.errorCount > last.errors.length && <li className="text-neutral-500">… and {last.errorCount - last.errors.length} more</li>}
        </ul>
      )}
    </Card>
  );
}
