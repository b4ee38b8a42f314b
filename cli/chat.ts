// `ca chat`: a session in the terminal, shared with the browser. The REPL
// reads lines with node:readline, sends each as a turn, and prints the
// session's events as they come (cli/chat-render.ts). Ctrl-C stops the reply;
// twice in a row leaves. Approvals are asked at the prompt. Slash commands
// are the engine's (its turn-input parsing), except /exit and /help.
import fs from 'node:fs';
import readline from 'node:readline';
import type { RunEvent } from '../lib/runs/events';
import { ChatRefusal, localBackend, remoteBackend, workspaceArg, type ChatBackend, type Pick } from './chat-backend';
import { COLOR, formatSessions, formatTranscript, initialRender, parseAnswer, PLAIN, renderEvent, type RenderState, type Style } from './chat-render';
import type { Io } from './io';
import type { Target } from './target';

export interface ChatIo extends Io {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream & { isTTY?: boolean };
}

export interface ChatOptions {
  workspace?: string;
  session?: string;
  resume: boolean;
}

export const CHAT_HELP = `Type a request and press Enter. In a turn:
  /quick QUESTION   one fast answer from the quick model, no tools
  /index PATH       embed that part of the workspace for retrieval
  /remember, /compact  as in the browser
  /exit             leave (Ctrl-D too)
Ctrl-C stops the reply; Ctrl-C twice in a row leaves.`;

function backendOf(target: Target): ChatBackend {
  return 'server' in target ? remoteBackend(target.server) : localBackend(target.app);
}

export function styleFor(output: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Style {
  return output.isTTY && !env.NO_COLOR ? COLOR : PLAIN;
}

export async function runSessionsCommand(open: () => Target, workspace: string | undefined, io: Io): Promise<number> {
  const backend = backendOf(open());
  try {
    let rows = await backend.sessions();
    if (workspace) {
      const want = workspaceArg(io.cwd, workspace);
      rows = rows.filter((r) => r.workspacePath === want || realpathOr(r.workspacePath) === realpathOr(want));
    }
    io.out(formatSessions(rows, Date.now()));
    return 0;
  } catch (e) {
    if (e instanceof ChatRefusal) {
      io.err(e.message);
      return 2;
    }
    throw e;
  }
}

function realpathOr(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

export async function runChatCommand(open: () => Target, opts: ChatOptions, io: ChatIo): Promise<number> {
  const backend = backendOf(open());
  const s = styleFor(io.output);
  const write = (t: string) => void io.output.write(t);
  const pick: Pick = opts.session ? { session: opts.session } : { workspace: workspaceArg(io.cwd, opts.workspace), resume: opts.resume };
  let session;
  try {
    session = await backend.open(pick);
  } catch (e) {
    if (e instanceof ChatRefusal) {
      io.err(e.message);
      return 2;
    }
    throw e;
  }
  const tty = !!io.output.isTTY;
  write(`${s.bold('code-assistant')} ${s.dim(`· session ${session.id} · ${session.workspacePath} · ${backend.where}`)}\n`);
  if (session.how !== 'new') {
    const history = formatTranscript(await backend.messages(session.id), s);
    if (history.length) write(`${s.dim(`${session.title} (continued)`)}\n\n${history.join('\n')}\n`);
  }
  write(s.dim('/help lists the commands; Ctrl-C stops a reply, twice leaves.\n'));

  const rl = readline.createInterface({ input: io.input, output: io.output, terminal: tty, prompt: '> ', historySize: 200 });
  let state: RenderState = initialRender;
  /** The run this session is busy with (ours, or one started in the browser). */
  let running: string | null = null;
  let sending = false;
  const ended = new Set<string>();
  const asks: { runId: string; callId: string }[] = [];
  let interrupts = 0;
  let promptShown = false;
  let closed = false;
  let code = 0;
  let finish: () => void = () => {};
  const done = new Promise<void>((r) => (finish = r));

  let drain: () => void = () => {};
  let leaving = false;
  const leave = () => {
    leaving = true;
    rl.close();
  };
  const print = (text: string) => {
    if (!text) return;
    if (promptShown && tty) write('\r\x1b[K'); // the prompt line gives way to the output
    promptShown = false;
    write(text);
  };
  const prompt = () => {
    if (closed) return;
    if (asks.length) rl.setPrompt(`  ${s.yellow('allow?')} [y/n] `);
    else if (running || sending) return; // no prompt while a reply streams
    else rl.setPrompt('> ');
    promptShown = true;
    rl.prompt();
  };

  const onEvent = (e: RunEvent) => {
    if (e.type === 'run_started') {
      interrupts = 0; // a new reply in between: the next Ctrl-C stops it, it does not leave
      if (!sending && e.runId !== running) print(`${state.atLineStart ? '' : '\n'}${s.bold(`> ${e.input}`)} ${s.dim('(from another window)')}\n`);
      running = e.runId;
    }
    const r = renderEvent(state, e, s);
    state = r.state;
    print(r.out);
    if (e.type === 'approval_requested') {
      asks.push({ runId: e.runId, callId: e.callId });
      prompt();
      setImmediate(drain); // in this process the question is published just before the run waits for it
    }
    if (e.type === 'approval_resolved') {
      // Answered here or in the browser: either way the question is gone.
      const i = asks.findIndex((a) => a.runId === e.runId && a.callId === e.callId);
      if (i >= 0) asks.splice(i, 1);
    }
    if (e.type === 'run_finished' || e.type === 'run_failed' || e.type === 'run_cancelled' || e.type === 'run_interrupted') {
      ended.add(e.runId);
      for (let i = asks.length - 1; i >= 0; i--) if (asks[i]!.runId === e.runId) asks.splice(i, 1);
      if (e.runId === running) {
        const over = e.runId;
        // In this process the terminal event is published while the run still counts as active:
        // the next turn goes once the run manager has let go of it.
        setImmediate(() => {
          if (running !== over) return;
          running = null;
          print('\n');
          prompt();
          drain();
        });
      }
    }
  };
  const lost = (why: string) => {
    if (closed) return;
    print(`\n${s.red('Lost the connection to the server')} (${why}). The session goes on there; open it in the browser or run ca chat --session ${session.id} again.\n`);
    code = 1;
    leave();
  };

  let stopFollowing: () => void;
  try {
    stopFollowing = await backend.follow(session.id, onEvent, lost);
  } catch (e) {
    rl.close();
    throw e;
  }

  const send = async (text: string) => {
    sending = true;
    let res: { runId: string } | { error: string };
    try {
      res = await backend.send(session.id, text);
    } catch (e) {
      res = { error: e instanceof Error ? e.message : String(e) };
    } finally {
      sending = false;
    }
    if ('error' in res) {
      print(`  ${s.red('✗')} ${res.error}\n`);
    } else if (!ended.has(res.runId)) running = res.runId;
    prompt();
    drain();
  };

  /** From a pipe, lines that come while a reply runs wait their turn (a terminal user is told to wait instead). */
  const queued: string[] = [];
  let inputEnded = false;

  const handle = (line: string) => {
    const prompted = promptShown;
    promptShown = false;
    interrupts = 0;
    if (asks.length) {
      const answer = parseAnswer(line);
      if (answer === null) {
        print(s.dim('  answer y or n\n'));
        return prompt();
      }
      if (!tty) print(`${prompted ? '' : '  allow? [y/n] '}${line.trim()}\n`);
      const ask = asks.shift()!;
      void backend.approve(ask.runId, ask.callId, answer).then(
        (problem) => problem && print(`  ${s.dim(problem)}\n`),
        (e: Error) => print(`  ${s.red('✗')} ${e.message}\n`),
      );
      return prompt();
    }
    const text = line.trim();
    if (running || sending) {
      if (text) print(s.dim('  (a reply is running: wait for it, or Ctrl-C to stop it)\n'));
      return;
    }
    if (!text) return prompt();
    if (!tty) print(`${prompted ? '' : '> '}${text}\n`); // the terminal echoes what was typed; a pipe does not
    if (text === '/exit' || text === '/quit') return leave();
    if (text === '/help') {
      print(`${CHAT_HELP}\n`);
      return prompt();
    }
    void send(text);
  };
  drain = () => {
    while (queued.length && (asks.length || !(running || sending))) handle(queued.shift()!);
    if (!inputEnded || leaving || queued.length) return;
    // The input ended: a question nobody will answer is a no, and the last reply is waited for.
    for (const ask of asks.splice(0)) {
      print(`  ${s.dim('no answer (the input ended): denied')}\n`);
      void backend.approve(ask.runId, ask.callId, false).catch(() => {});
    }
    if (!(running || sending)) shutdown();
  };

  rl.on('line', (line) => {
    if (!tty && (queued.length || ((running || sending) && !asks.length))) {
      queued.push(line);
      return;
    }
    handle(line);
  });

  const interrupt = () => {
    interrupts++;
    if (interrupts >= 2) return leave();
    if (running) {
      print(`\n  ${s.dim('stopping… (Ctrl-C again leaves)')}\n`);
      void backend.cancel(running);
      return;
    }
    print(`\n  ${s.dim('(Ctrl-C again leaves, or /exit)')}\n`);
    prompt();
  };
  // In a terminal readline reads Ctrl-C as a key; from a pipe it is the signal.
  rl.on('SIGINT', interrupt);
  const onSignal = () => interrupt();
  if (!tty) process.on('SIGINT', onSignal);

  let shut = false;
  const shutdown = () => {
    if (shut) return;
    shut = true;
    process.off('SIGINT', onSignal);
    stopFollowing();
    if (running && !ended.has(running)) write(`\n${s.dim(backend.remote ? 'The reply goes on on the server: the browser shows it.' : 'The reply is stopped with this process.')}\n`);
    write('\n');
    finish();
  };
  rl.on('close', () => {
    closed = true;
    inputEnded = true;
    // Ctrl-D in a terminal leaves now; the end of piped input lets the last reply finish first.
    if (tty || leaving) shutdown();
    else drain();
  });

  prompt();
  await done;
  return code;
}
