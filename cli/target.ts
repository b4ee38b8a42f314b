// Where a `ca` command runs: on the server that holds the data folder (over
// HTTP), or in this process, holding the data folder's lock itself (kind
// 'cli') so that a server started meanwhile refuses and names this command.
import { createApp, type App } from '../lib/app';
import { loadConfig } from '../lib/config';
import { isLoopbackUrl } from '../lib/server/address';
import { liveHolder, takeLock, type HeldLock, type LockHolder } from '../lib/server/lock';
import type { RemoteServer } from './io';

export type Target = { app: App } | { server: RemoteServer };

export class CliRefusal extends Error {}

export interface Opened {
  /** Called once the command's inputs are good: a typo must not touch the data folder. */
  open(): Target;
  /** Shuts the in-process app down and releases the lock, if this process took them. */
  close(): Promise<void>;
}

export function targetFor(command: string, log: (line: string) => void): Opened {
  let target: Target | null = null;
  let lock: HeldLock | null = null;
  let closing: Promise<void> | null = null;
  return {
    open() {
      if (target) return target;
      const dataDir = loadConfig().dataDir;
      const holder = liveHolder(dataDir);
      if (holder?.kind === 'server') return (target = { server: remote(holder) });
      const got = takeLock(dataDir, { kind: 'cli', command }, { log, releaseOnExit: true });
      if (!got.ok) {
        // A server that started between our look and our take is as good.
        if (got.holder?.kind === 'server') return (target = { server: remote(got.holder) });
        throw new CliRefusal(got.message);
      }
      lock = got.lock;
      // No start(app): a command does not take over runs some earlier process left.
      return (target = { app: createApp() });
    },
    // Once: a signal and the command's own end may both close.
    close() {
      closing ??= (async () => {
        if (target && 'app' in target) await target.app.close();
        lock?.release();
      })();
      return closing;
    },
  };
}

function remote(holder: LockHolder): RemoteServer {
  // The lock file is the only thing telling us where to send the requirement: loopback only.
  if (!holder.url || !isLoopbackUrl(holder.url)) {
    throw new CliRefusal(
      `The code-assistant server holding this data folder (pid ${holder.pid}) is not on a loopback address (${holder.url ?? 'no address recorded'}), ` +
        'so this command will not send it anything. Use its page in the browser, or stop it to run here.',
    );
  }
  return { url: holder.url, pid: holder.pid };
}
