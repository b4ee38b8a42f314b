// Preloaded into the Chroma server we start (node --import). Its stdin is a
// pipe from the app, which the kernel closes when the app dies, even by
// kill -9. Chroma's server blocks the main thread, so a worker thread watches
// the pipe and ends the process then, instead of leaving an orphan.
import { Worker } from 'node:worker_threads';

const watcher = new Worker(
  `const net = require('node:net');
   const end = () => {
     process.kill(process.pid, 'SIGTERM');
     setTimeout(() => process.kill(process.pid, 'SIGKILL'), 5000);
   };
   const pipe = new net.Socket({ fd: 0, readable: true, writable: false });
   pipe.on('end', end).on('error', end).resume();`,
  { eval: true },
);
// Never what keeps Chroma alive: when its server returns (a port in use), it exits.
watcher.unref();
