// run_shell: `bash -c` in the workspace, inside the bubblewrap sandbox
// (sandbox.ts) unless shell_sandbox = off, in its own process group so a
// timeout or Stop ends every process it started. The UI gets every byte live
// through ctx.output; the model gets output fitted by output.ts (head, errors, tail).
import { spawn } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import { z } from 'zod';
import { defineTool } from './define';
import type { ToolContext, ToolResult } from './types';
import { fitText, formatBytes, looksLikeError, clipLine } from './output';
import { bwrapArgs, checkSandbox, unavailableMessage } from './sandbox';
import { withMissingPathHints } from './shell_paths';

/** Output kept in memory for the model; beyond it the middle is dropped. */
export const MEMORY_CAP = 8 * 1024 * 1024;
const HEAD_KEEP = 1024 * 1024;
const KILL_GRACE_MS = 2000;
/** Linux refuses one argument over 128 KiB (MAX_ARG_STRLEN) anyway; this also bounds the deny-pattern work. */
export const MAX_COMMAND_CHARS = 100_000;

// Credentials the app holds must not reach commands a model wrote.
// CA_PROVIDERS holds the model servers' api_keys (as JSON).
const SECRET_NAME = /(API_?KEY|ACCESS_KEY|PRIVATE_KEY|SECRET|TOKEN|PASSWORD|PASSWD|CREDENTIALS?)$|SECRET|^(ANTHROPIC|SERPER|OPENAI)_|^CA_PROVIDERS$/i;

export function scrubEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out = { ...env };
  for (const k of Object.keys(out)) if (SECRET_NAME.test(k)) delete out[k];
  // Nothing may wait for a human: no pagers, no git credential prompts.
  return Object.assign(out, { PAGER: 'cat', GIT_PAGER: 'cat', GIT_TERMINAL_PROMPT: '0' });
}

/** The command as bash reads its words: quotes and backslashes gone (`s''udo`, `rm -rf "/"`). */
export function unquoted(command: string): string {
  return command.replace(/['"\\]/g, '');
}

/**
 * The deny pattern a command matches, raw or unquoted, if any. A broken regex
 * matches as plain text. A convenience that stops obvious mistakes early: the
 * sandbox is the protection.
 */
export function deniedBy(command: string, patterns: string[]): string | null {
  const forms = [command, unquoted(command)];
  for (const p of patterns) {
    let re: RegExp | null = null;
    try {
      re = new RegExp(p);
    } catch {
      /* matched as text below */
    }
    if (forms.some((f) => (re ? re.test(f) : f.includes(p)))) return p;
  }
  return null;
}

/** Interleaved stdout+stderr up to MEMORY_CAP: the head, the tail, and error lines from a dropped middle. */
class Capture {
  private head = '';
  private tail: string[] = [];
  private tailLen = 0;
  private dropped = 0;
  private droppedErrors: string[] = [];

  push(text: string) {
    if (this.head.length < HEAD_KEEP) {
      const take = HEAD_KEEP - this.head.length;
      this.head += text.slice(0, take);
      text = text.slice(take);
      if (!text) return;
    }
    this.tail.push(text);
    this.tailLen += text.length;
    while (this.tailLen > MEMORY_CAP - HEAD_KEEP && this.tail.length > 1) {
      const gone = this.tail.shift()!;
      this.tailLen -= gone.length;
      this.dropped += gone.length;
      for (const line of gone.split('\n')) {
        if (this.droppedErrors.length < 200 && looksLikeError(line)) this.droppedErrors.push(clipLine(line, 300));
      }
    }
  }

  text(): string {
    if (!this.dropped) return this.head + this.tail.join('');
    const note = `\n[… ${formatBytes(this.dropped)} of output dropped from memory; error-looking lines from it: …]\n`;
    return this.head + note + this.droppedErrors.join('\n') + '\n[… end of dropped part …]\n' + this.tail.join('');
  }
}

function status(r: { exitCode: number | null; signal: string | null; timedOut: boolean; killed: boolean }, secs: string, limit: number) {
  if (r.timedOut) return `[timed out after ${limit} s: the command and all its child processes were killed. Use a faster or narrower command; servers must not run in the foreground]`;
  if (r.killed) return `[cancelled after ${secs} s: the command and all its child processes were killed]`;
  if (r.exitCode === null) return `[killed by ${r.signal} after ${secs} s]`;
  const why = r.exitCode === 127 ? ': command not found' : r.exitCode === 126 ? ': not executable' : r.exitCode === 0 ? '' : ': failed';
  return `[exit code ${r.exitCode}${why} · ${secs} s]`;
}

interface Launch {
  file: string;
  args: string[];
  /** Set when the command runs outside the sandbox although one was asked for. */
  warning?: string;
}

function execute(launch: Launch, ctx: ToolContext): Promise<ToolResult> {
  return new Promise((resolve) => {
    const started = Date.now();
    const limit = ctx.settings.shellTimeoutSeconds;
    const cap = new Capture();
    const r = { exitCode: null as number | null, signal: null as string | null, timedOut: false, killed: false };
    const child = spawn(launch.file, launch.args, {
      cwd: ctx.workspace,
      env: scrubEnv(process.env),
      // Own process group: kill(-pid) reaches every descendant. In the sandbox,
      // bwrap's PID namespace and --die-with-parent end the rest with bwrap or the app.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'], // stdin is /dev/null so nothing waits for input
    });

    let killTimer: NodeJS.Timeout | undefined;
    let fallback: NodeJS.Timeout | undefined;
    const signalGroup = (sig: NodeJS.Signals) => {
      try {
        if (child.pid) process.kill(-child.pid, sig);
      } catch {
        /* group already gone */
      }
    };
    const terminate = () => {
      signalGroup('SIGTERM');
      killTimer ??= setTimeout(() => signalGroup('SIGKILL'), KILL_GRACE_MS);
    };
    const timer = setTimeout(() => {
      r.timedOut = true;
      terminate();
    }, limit * 1000);
    const onAbort = () => {
      r.killed = true;
      terminate();
    };
    ctx.signal.addEventListener('abort', onAbort, { once: true });

    let done = false;
    const finish = (error?: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearTimeout(fallback);
      killTimer?.unref(); // still SIGKILLs leftovers that ignored SIGTERM
      ctx.signal.removeEventListener('abort', onAbort);
      if (error) return resolve({ ok: false, content: `Could not start ${launch.file}: ${error.message}`, exitCode: null });
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      const text = cap.text();
      const tail = status(r, secs, limit);
      const body = text ? fitText(text, Math.max(100, ctx.settings.resultTokens - Math.ceil(tail.length / 4) - 5)) : '(no output)';
      const note = launch.warning ? `[not sandboxed (approved by the user): ${launch.warning}]\n` : '';
      resolve({
        ok: r.exitCode === 0 && !r.timedOut && !r.killed,
        content: `${note}${body.replace(/\n$/, '')}\n${tail}`,
        exitCode: r.exitCode,
        ...(r.timedOut ? { timedOut: true } : {}),
        ...(r.killed ? { killed: true } : {}),
      });
    };

    for (const name of ['stdout', 'stderr'] as const) {
      const decoder = new StringDecoder('utf8'); // never split a UTF-8 character across chunks
      const emit = (t: string) => {
        if (!t) return;
        cap.push(t);
        try {
          ctx.output?.(name, t);
        } catch {
          /* a UI listener failing must not break the command */
        }
      };
      child[name].on('data', (b: Buffer) => emit(decoder.write(b)));
      child[name].on('end', () => emit(decoder.end()));
    }
    child.on('error', (e) => finish(e));
    child.on('exit', (code, signal) => {
      r.exitCode = code;
      r.signal = signal;
      // Background jobs it left would hold the pipes open: end them as well.
      terminate();
      // A daemon that left the group can keep the pipes forever; do not wait for it.
      fallback = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish();
      }, KILL_GRACE_MS + 1000);
    });
    child.on('close', () => finish());
  });
}

const args = z.object({
  command: z.string().describe('The bash command line, e.g. "cargo test 2>&1".'),
});

export const runShell = defineTool({
  name: 'run_shell',
  description:
    'Run a bash command in the workspace root and get its output and exit code. ' +
    'Use it to build, test and run code, e.g. {"command": "cargo build"}. For a subfolder: {"command": "cd app && npm test"}. ' +
    'Nothing can be typed into it (use flags like -y), it stops at a time limit, and background processes end with it. ' +
    'It normally runs in a sandbox: only the workspace and a private /tmp are writable, and there is no network unless the user allowed it.',
  args,

  async run(args, ctx) {
    const command = args.command;
    if (!command.trim()) return { ok: false, content: 'command is empty; give a bash command, e.g. {"command": "ls -la"}.' };
    if (command.length > MAX_COMMAND_CHARS) {
      return { ok: false, content: `Refused: the command is ${command.length} characters; at most ${MAX_COMMAND_CHARS}. Write long scripts with write_file, then run them.` };
    }
    const { shellPolicy, shellDenyPatterns } = ctx.settings;
    if (shellPolicy === 'deny') {
      return { ok: false, content: 'Refused: shell commands are turned off here (shell_policy = deny). Use read_file, list_files, write_file and edit_file instead.' };
    }
    const pattern = deniedBy(command, shellDenyPatterns);
    if (pattern !== null) {
      return { ok: false, content: `Refused: the command matches the deny pattern /${pattern}/ (shell_deny_patterns). Do not retry it; find another way.` };
    }
    const launch = await launchFor(command, ctx);
    // Never run unsandboxed silently: without the sandbox every command is asked, whatever the policy.
    if (shellPolicy === 'ask' || launch.warning) {
      if (!ctx.approve) {
        if (launch.warning) return { ok: false, content: `Refused: ${launch.warning} No one can approve it here, so the command did not run.` };
        return { ok: false, content: 'Refused: shell commands need the user\'s approval (shell_policy = ask) and no one can approve right now.' };
      }
      if (launch.warning) emit(ctx, 'stderr', `[${launch.warning}]\n`);
      if (!(await ctx.approve(command, launch.warning))) {
        return { ok: false, content: 'The user declined to run this command. Do not retry it; continue another way or ask the user.' };
      }
    }
    if (ctx.signal.aborted) return { ok: false, content: 'Cancelled before the command started.', killed: true, exitCode: null };
    // "can't open file 'calc.py'": say which existing paths it probably meant, as the file tools do.
    return withMissingPathHints(ctx.workspace, await execute(launch, ctx));
  },
});

/** bwrap around bash when the sandbox is on and works; plain bash with a warning when it cannot start. */
async function launchFor(command: string, ctx: ToolContext): Promise<Launch> {
  const s = ctx.settings;
  const mode = s.shellSandbox ?? 'workspace-write';
  const plain = { file: 'bash', args: ['-c', command] };
  if (mode === 'off') return plain;
  const check = await checkSandbox(process.env.PATH ?? '');
  if (!check.ok || !check.bwrap) return { ...plain, warning: unavailableMessage(check) };
  const hide = [...(s.sandboxHide ?? []), ...(ctx.env?.privateDirs ?? []), ...(ctx.env?.dataDir ? [ctx.env.dataDir] : [])];
  return { file: check.bwrap, args: bwrapArgs({ workspace: ctx.workspace, mode, network: s.shellNetwork ?? false, hide }, command) };
}

function emit(ctx: ToolContext, stream: 'stdout' | 'stderr', text: string) {
  try {
    ctx.output?.(stream, text);
  } catch {
    /* a UI listener failing must not break the command */
  }
}
