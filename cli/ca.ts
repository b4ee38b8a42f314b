// `npm run ca -- <command>`: the headless entry point. When a server holds the
// data folder's lock, the command asks that server over HTTP; otherwise it
// runs the same engine in this process, holding the lock itself (cli/target.ts).
import path from 'node:path';
import { parseArgs, USAGE } from './args';
import { runChatCommand, runSessionsCommand } from './chat';
import { runPipelineCommand } from './pipeline';
import { runQuickCommand } from './quick';
import { CliRefusal, targetFor } from './target';

async function main(): Promise<number> {
  const parsed = parseArgs(process.argv.slice(2));
  if ('error' in parsed) {
    console.error(`${parsed.error}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.command === 'help') {
    console.log(USAGE);
    return 0;
  }
  // Prompts and migrations live beside this file, wherever it is run from.
  process.env.CA_APP_ROOT ??= path.resolve(import.meta.dirname, '..');
  const target = targetFor(parsed.command, (l) => console.error(l));
  // A signal's default action skips 'exit' handlers: exit properly so the lock is released.
  // `ca chat` in-process first stops its reply (a closed terminal is SIGHUP), so the session records the
  // reply as stopped instead of leaving it "running"; pipelines stay resumable (their runs are left as they are).
  for (const sig of ['SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      const code = 128 + (sig === 'SIGTERM' ? 15 : 1);
      if (parsed.command !== 'chat') process.exit(code);
      void Promise.race([target.close(), new Promise((r) => setTimeout(r, 3000))]).finally(() => process.exit(code));
    });
  }
  const io = {
    out: (l: string) => console.log(l),
    err: (l: string) => console.error(l),
    write: (t: string) => process.stdout.write(t),
    cwd: process.env.INIT_CWD ?? process.cwd(),
  };
  try {
    if (parsed.command === 'quick') return await runQuickCommand(target.open, parsed.question, io);
    if (parsed.command === 'sessions') return await runSessionsCommand(target.open, parsed.workspace, io);
    if (parsed.command === 'chat') {
      return await runChatCommand(target.open, parsed, { ...io, input: process.stdin, output: process.stdout });
    }
    return await runPipelineCommand(target.open, parsed.reqFile, parsed.workspace, io);
  } catch (e) {
    if (e instanceof CliRefusal) {
      console.error(e.message);
      return 1;
    }
    throw e;
  } finally {
    await target.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
