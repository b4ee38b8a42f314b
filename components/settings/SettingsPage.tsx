'use client';
import { useQuery } from '@tanstack/react-query';
import { api, type SettingRow, type Settings } from '../api';
import { ConfigIssues } from '../ConfigIssues';
import { McpServers } from './McpServers';
import { Badge, Card, ErrorText, Spinner, TopNav, type Tone } from '../ui';

const LAYER_TONE: Record<SettingRow['layer'], Tone> = { default: 'neutral', machine: 'blue', project: 'violet', env: 'amber' };

const SCOPE: Record<SettingRow['scope'], { label: string; tone: Tone; title: string }> = {
  machine: { label: 'machine-only', tone: 'red', title: 'Refused in a project ca.config: set it in the machine file or a CA_ variable.' },
  tighten: { label: 'tighten only', tone: 'amber', title: 'A project may make it stricter (auto -> ask -> deny, more deny patterns), never looser.' },
  free: { label: 'yes', tone: 'neutral', title: 'A project ca.config may set it.' },
};

/** Every effective setting, where it came from, and how to override it. */
export function SettingsPage() {
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => api<Settings>('/api/settings') });
  const s = settings.data;
  return (
    <div className="min-h-full">
      <TopNav>{settings.isFetching && <Spinner />}</TopNav>
      <main className="mx-auto max-w-7xl space-y-3 p-4">
        {settings.error && <ErrorText>Could not load the settings: {settings.error.message}</ErrorText>}
        {s && (
          <>
            <Card title="Where settings come from">
              <p className="text-xs text-neutral-400">
                Lowest first: built-in defaults, the machine file <code className="font-mono">~/.code-assistant/config.toml</code>, the project
                file <code className="font-mono">ca.config</code> in the workspace, then <code className="font-mono">CA_*</code> environment
                variables. A project file comes with the repository, so it may only <em>tighten</em> what you allow here: endpoints, keys,
                the sandbox and allow-lists are machine-only, and the shell policy can only move from auto to ask to deny.
              </p>
              <p className="mt-1 text-xs">
                <span className="text-neutral-500">Workspace: </span>
                <span className="font-mono">{s.workspace ?? 'none'}</span>
                <span className="ml-4 text-neutral-500">Data folder: </span>
                <span className="font-mono">{s.dataDir}</span>
              </p>
            </Card>
            <Card title="Configuration issues">
              <ConfigIssues issues={s.issues} />
            </Card>
            <McpServers />
            <Card title={`Effective settings (${s.rows.length})`}>
              <table className="w-full table-fixed text-xs">
                <thead className="text-left text-neutral-500">
                  <tr>
                    <th className="w-56 py-1 font-normal">Key</th>
                    <th className="py-1 font-normal">Value</th>
                    <th className="w-64 py-1 font-normal">Set by</th>
                    <th className="w-32 py-1 font-normal">In ca.config</th>
                    <th className="w-60 py-1 font-normal">Variable</th>
                  </tr>
                </thead>
                <tbody>
                  {s.rows.map((r) => (
                    <Row key={r.key} row={r} />
                  ))}
                </tbody>
              </table>
            </Card>
          </>
        )}
      </main>
    </div>
  );
}

function Row({ row }: { row: SettingRow }) {
  return (
    <tr data-testid="settings-row" data-key={row.key} className="border-t border-neutral-800 align-top">
      <td className="py-1 pr-2 font-mono">
        {row.key}
      </td>
      <td className={`break-all py-1 pr-2 font-mono ${row.secret ? 'text-neutral-400 italic' : 'text-neutral-100'}`}>{row.value}</td>
      <td className="py-1 pr-2">
        <Badge tone={LAYER_TONE[row.layer]} testId="layer">{row.layer}</Badge>
        {row.source && <span className="ml-1 break-all font-mono text-neutral-500">{row.source}</span>}
      </td>
      <td className="py-1 pr-2" title={SCOPE[row.scope].title} data-testid="scope">
        <Badge tone={SCOPE[row.scope].tone}>{SCOPE[row.scope].label}</Badge>
      </td>
      <td className="py-1 font-mono text-neutral-500">{row.envVar}</td>
    </tr>
  );
}
