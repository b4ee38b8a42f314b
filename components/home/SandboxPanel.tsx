import type { SandboxStatus } from '../api';
import { Badge, Card } from '../ui';

const MODES: Record<SandboxStatus['mode'], string> = {
  'workspace-write': 'only the workspace and a private /tmp are writable',
  'read-only': 'nothing is writable, the workspace included',
  off: 'commands run as plain bash with your permissions',
};

/** Whether run_shell runs inside bubblewrap, and what to do when it cannot. */
export function SandboxPanel({ sandbox }: { sandbox: SandboxStatus }) {
  return (
    <Card title="Shell sandbox">
      <div data-testid="sandbox-status" className="space-y-1 text-sm">
        <p className="flex flex-wrap items-center gap-2">
          {sandbox.available === true && <Badge tone="green">bubblewrap works</Badge>}
          {sandbox.available === false && <Badge tone="red">not sandboxed</Badge>}
          {sandbox.available === null && <Badge tone="amber">off</Badge>}
          <span>
            <code className="font-mono">shell_sandbox = &quot;{sandbox.mode}&quot;</code>: {MODES[sandbox.mode]}
            {sandbox.mode !== 'off' && <>; network {sandbox.network ? 'allowed (shell_network = true)' : 'off'}</>}.
          </span>
        </p>
        {sandbox.available === false && (
          <div data-testid="sandbox-warning" className="space-y-1 rounded border border-red-900 bg-red-950/40 p-2 text-xs">
            <p>
              {sandbox.reason}. Until it works, <strong>every command will ask for approval</strong>, whatever shell_policy says, and
              runs unsandboxed once you approve it (in pipelines too; where no one can approve, commands are refused).
            </p>
            {sandbox.install && (
              <p>
                Install it: <code className="rounded bg-neutral-800 px-1 font-mono">{sandbox.install}</code>
              </p>
            )}
          </div>
        )}
      </div>
    </Card>
  );
}
