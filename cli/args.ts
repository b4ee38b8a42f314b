// Strict command-line parsing for `ca`. The article's assistant read
// `-req-file` (one dash) as `-r eq-file`, a session resume: here an unknown or
// malformed flag is an error that names it and the right spelling. Pure.
import { closest, distance } from 'fastest-levenshtein';

export type Parsed =
  | { command: 'pipeline'; reqFile: string; workspace: string }
  | { command: 'quick'; question: string }
  | { command: 'chat'; workspace?: string; session?: string; resume: boolean }
  | { command: 'sessions'; workspace?: string }
  | { command: 'help' }
  | { error: string };

export const USAGE = `Usage:
  npm run ca -- pipeline --req-file FILE --workspace DIR
      Run the seven-phase pipeline on a requirement document (Markdown or text, UTF-8, up to 1 MB)
      in DIR (an existing, writable folder). Prints progress and the report; exits 0 only when
      every acceptance criterion passed.
  npm run ca -- quick "QUESTION"
      One fast answer from the quick model, no tools.
  npm run ca -- chat [--workspace DIR] [--session ID | --resume]
      A chat session in this terminal, shared with the browser: a new session in DIR (default: the
      current folder), the newest session of DIR (--resume), or session ID. Ctrl-C stops a reply,
      twice in a row leaves; /quick, /index PATH, /remember, /compact as in the browser; /exit leaves.
  npm run ca -- sessions [--workspace DIR]
      The sessions, newest first (id, last update, workspace, title).
  npm run ca -- help`;

const COMMANDS = ['pipeline', 'quick', 'chat', 'sessions', 'help'];
const PIPELINE_FLAGS: Record<string, { what: string }> = {
  '--req-file': { what: 'the path of the requirement document' },
  '--workspace': { what: 'the folder to build in' },
};

/** The message for a flag we do not know, with the spelling the user probably meant. */
function unknownFlag(token: string, known: string[]): string {
  const name = token.split('=')[0]!;
  if (/^-[^-]/.test(name) && name.length > 2) {
    const meant = `-${name}`;
    if (known.includes(meant)) return `Unknown option ${name}: long options take two dashes. Did you mean ${meant}?`;
  }
  if (/^-[^-]$/.test(name) && known.length) return `Unknown option ${name}: there are no one-letter options. Use ${known.join(' or ')}.`;
  const bare = name.replace(/^-+/, '');
  const guess = known.length ? closest(`--${bare}`, known) : null;
  const hint = guess && distance(`--${bare}`, guess) <= 3 ? ` Did you mean ${guess}?` : known.length ? ` Options: ${known.join(', ')}.` : ' This command takes no options.';
  return `Unknown option ${name}.${hint}`;
}

export function parseArgs(argv: string[]): Parsed {
  const [command, ...rest] = argv;
  if (!command) return { error: 'Give a command: pipeline, quick, chat, sessions or help.' };
  if (command === 'help' || command === '--help' || command === '-h') return { command: 'help' };
  if (command.startsWith('-')) return { error: `${unknownFlag(command, [])} Give a command first: pipeline, quick, chat, sessions or help.` };
  if (!COMMANDS.includes(command)) {
    const guess = closest(command, COMMANDS);
    return { error: `Unknown command "${command}".${distance(command, guess) <= 3 ? ` Did you mean ${guess}?` : ''} Commands: ${COMMANDS.join(', ')}.` };
  }
  if (rest.some((a) => a === '--help' || a === '-h')) return { command: 'help' };
  if (command === 'chat') return parseChat(rest);
  if (command === 'sessions') return parseSessions(rest);
  return command === 'pipeline' ? parsePipeline(rest) : parseQuick(rest);
}

/** `--name value`, `--name=value` and bare switches; the first problem is the error. */
function parseFlags(args: string[], spec: Record<string, { what: string | null }>, command: string, usage?: string): { values: Record<string, string | true> } | { error: string } {
  const values: Record<string, string | true> = {};
  const known = Object.keys(spec);
  for (let i = 0; i < args.length; i++) {
    const token = args[i]!;
    if (!token.startsWith('-') || token === '-') return { error: `Unexpected argument "${token}". ${command} takes only ${usage ?? known.join(', ')}.` };
    const eq = token.indexOf('=');
    const name = token.startsWith('--') && eq > 0 ? token.slice(0, eq) : token;
    const flag = spec[name];
    if (!flag) return { error: unknownFlag(token, known) };
    if (values[name] !== undefined) return { error: `${name} was given twice.` };
    if (flag.what === null) {
      if (name !== token) return { error: `${name} takes no value.` };
      values[name] = true;
      continue;
    }
    let value: string | undefined;
    if (name !== token) value = token.slice(eq + 1);
    else {
      value = args[i + 1];
      if (value !== undefined && value.startsWith('-') && value !== '-') value = undefined;
      else i++;
    }
    if (!value) return { error: `${name} needs a value: ${flag.what}.` };
    values[name] = value;
  }
  return { values };
}

function parseChat(args: string[]): Parsed {
  const r = parseFlags(args, { '--workspace': { what: 'the folder to work in' }, '--session': { what: 'a session id (npm run ca -- sessions lists them)' }, '--resume': { what: null } }, 'chat');
  if ('error' in r) return r;
  const v = r.values as Record<string, string | undefined> & { '--resume'?: true };
  if (v['--session'] && v['--resume']) return { error: '--session ID and --resume both pick a session: give one of them.' };
  if (v['--session'] && v['--workspace']) return { error: '--session ID continues that session in its own workspace: leave out --workspace.' };
  return { command: 'chat', workspace: v['--workspace'], session: v['--session'], resume: !!v['--resume'] };
}

function parseSessions(args: string[]): Parsed {
  const r = parseFlags(args, { '--workspace': { what: 'the folder whose sessions to list' } }, 'sessions');
  if ('error' in r) return r;
  const workspace = r.values['--workspace'];
  return { command: 'sessions', workspace: typeof workspace === 'string' ? workspace : undefined };
}

function parsePipeline(args: string[]): Parsed {
  const r = parseFlags(args, PIPELINE_FLAGS, 'pipeline', '--req-file FILE and --workspace DIR');
  if ('error' in r) return r;
  const reqFile = r.values['--req-file'];
  const workspace = r.values['--workspace'];
  if (typeof reqFile !== 'string') return { error: 'pipeline needs --req-file FILE (the requirement document).' };
  if (typeof workspace !== 'string') return { error: 'pipeline needs --workspace DIR (the folder to build in).' };
  return { command: 'pipeline', reqFile, workspace };
}

function parseQuick(args: string[]): Parsed {
  const words: string[] = [];
  let literal = false;
  for (const a of args) {
    if (!literal && a === '--') literal = true;
    else if (!literal && a.startsWith('-') && a.length > 1) return { error: `${unknownFlag(a, [])} To ask about something that starts with a dash, put -- before the question.` };
    else words.push(a);
  }
  const question = words.join(' ').trim();
  if (!question) return { error: 'quick needs a question, e.g. npm run ca -- quick "what does git reflog do?"' };
  return { command: 'quick', question };
}
