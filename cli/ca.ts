// `npm run ca -- <command>`: the headless entry point. It runs the same
// engine as the server, in this process, on the normal data folder.
import path from 'node:path';
import { createApp, type App } from '../lib/app';
import { parseArgs, USAGE } from './args';
import { runPipelineCommand } from './pipeline';
import { runQuickCommand } from './quick';

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
  let app: App | null = null;
  // recover: false, a running server may own the runs a previous process left.
  const openApp = () => (app ??= createApp({ recover: false }));
  const io = {
    out: (l: string) => console.log(l),
    err: (l: string) => console.error(l),
    write: (t: string) => process.stdout.write(t),
    cwd: process.env.INIT_CWD ?? process.cwd(),
  };
  try {
    if (parsed.command === 'quick') return await runQuickCommand(openApp, parsed.question, io);
    return await runPipelineCommand(openApp, parsed.reqFile, parsed.workspace, io);
  } finally {
    const opened = app as App | null;
    if (opened) {
      await opened.runs.shutdown();
      opened.db.$client.close();
    }
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
