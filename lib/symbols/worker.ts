// Worker thread: parses batches of files for the pool. Parsing is ~90% of
// indexing CPU, so spreading it over the cores is what makes a cold index fast.
import { parentPort } from 'node:worker_threads';
import { languageWarnings } from './parser';
import { processFile, type FileJob } from './process';

parentPort!.on('message', async (msg: { id: number; jobs: FileJob[] }) => {
  const outcomes = [];
  for (const job of msg.jobs) outcomes.push(await processFile(job));
  parentPort!.postMessage({ id: msg.id, outcomes, warnings: languageWarnings() });
});
