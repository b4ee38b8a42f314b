import type { ConfigIssue } from './api';

/** Config problems: errors in red, warnings in amber, with where they came from. */
export function ConfigIssues({ issues }: { issues: ConfigIssue[] }) {
  if (!issues.length) return <p className="text-xs text-neutral-500">No configuration issues.</p>;
  return (
    <ul className="space-y-1 text-xs">
      {issues.map((i, n) => (
        <li key={n} data-testid="config-issue" className={i.level === 'error' ? 'text-red-400' : 'text-amber-400'}>
          <span className="font-semibold uppercase">{i.level}</span> {i.message}
          {i.file && (
            <span className="text-neutral-500">
              {' '}
              ({i.file}
              {i.line ? `:${i.line}` : ''}
              {i.key ? `, ${i.key}` : ''})
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}
