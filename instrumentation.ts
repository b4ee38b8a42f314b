// Runs once when the server starts: open the database (applying migrations),
// mark chat runs a crash left "running" as interrupted and resume pipeline
// runs at their first unfinished phase (getApp does both), before any request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { getApp } = await import('./lib/app');
  const { stopManagedChroma } = await import('./lib/rag');
  const app = getApp();
  const stop = async () => {
    await app.runs.shutdown();
    // The bundled Chroma server is our child: never leave it running.
    await stopManagedChroma();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
