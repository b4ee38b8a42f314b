// Runs once when the server starts, before any request. First the data
// folder's lock (one process per data folder, so a bare `next start` is
// covered too): a second server exits here, naming the first. Then open the
// database (applying migrations), mark chat runs a crash left "running" as
// interrupted and resume pipeline runs at their first unfinished phase.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { loadConfig } = await import('./lib/config');
  const { takeLock } = await import('./lib/server/lock');
  const { serverAddress } = await import('./lib/server/address');
  const dataDir = loadConfig().dataDir;
  const got = takeLock(dataDir, { kind: 'server', ...serverAddress() }, { log: (l) => console.log(l), releaseOnExit: true });
  if (!got.ok) {
    console.error(`\n${got.message}\n`);
    process.exit(1);
  }
  const { getApp, start } = await import('./lib/app');
  const app = getApp();
  start(app);
  const stop = async () => {
    // Runs end, the bundled Chroma server (our child) and the parse workers stop.
    await app.close();
    process.exit(0); // the 'exit' handler releases the lock
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
