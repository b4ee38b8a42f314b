// Strict command-line parsing for `ca`. The article's assistant read
// `-req-file` (one dash) as `-r eq-file`, a session resume: here an unknown or
// malformed flag is an error that names it and the right spelling. Pure.
import { closest, distance } from 'fastest-levenshtein';

export type Parsed =
  | { command: 'pipeline'; reqFile: string; workspace: string }
  | { command: 'quick'; question: string }
  | { command: 'help' }
  | { error: string };

export const USAGE = `Usage:
  npm run ca -- pipeline --req-file FILE --workspace DIR
      Run the seven-phase pipeline on a requirement document (Markdown or text, UTF-8, up to 1 MB)
      in DIR (an existing, writable folder). Prints progress and the report; exits 0 only when
      every acceptance criterion passed.
  npm run ca -- quick "QUESTION"
      One fast answer from the quick model, no tools.
  npm run ca -- help`;

const COMMANDS = ['pipeline', 'quick', 'help'];
const PIPELINE_FLAGS: Record<string, { key: 'reqFile' | 'workspace'; what: string }> = {
  '--req-file': { key: 'reqFile', what: 'the path of the requirement document' },
  '--workspace': { key: 'workspace', what: 'the folder to build in' },
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
  if (!command) return { error: 'Give a command: pipeline, quick or help.' };
  if (command === 'help' || command === '--help' || command === '-h') return { command: 'help' };
  if (command.startsWith('-')) return { error: `${unknownFlag(command, [])} Give a command first: pipeline, quick or help.` };
  if (!COMMANDS.includes(command)) {
    const guess = closest(command, COMMANDS);
    return { error: `Unknown command "${command}".${distance(command, guess) <= 3 ? ` Did you mean ${guess}?` : ''} Commands: ${COMMANDS.join(', ')}.` };
  }
  if (rest.some((a) => a === '--help' || a === '-h')) return { command: 'help' };
  return command === 'pipeline' ? parsePipeline(rest) : parseQuick(rest);
}

function parsePipeline(args: string[]): Parsed {
  const out: Partial<Record<'reqFile' | 'workspace', string>> = {};
  const known = Object.keys(PIPELINE_FLAGS);
  for (let i = 0; i < args.length; i++) {
    const token = args[i]!;
    if (!token.startsWith('-') || token === '-') return { error: `Unexpected argument "${token}". pipeline takes only --req-file FILE and --workspace DIR.` };
    const eq = token.indexOf('=');
    const name = token.startsWith('--') && eq > 0 ? token.slice(0, eq) : token;
    const flag = PIPELINE_FLAGS[name];
    if (!flag) return { error: unknownFlag(token, known) };
    let value: string | undefined;
    if (name !== token) value = token.slice(eq + 1);
    else {
      value = args[i + 1];
      // The next flag is not a value: `--req-file --workspace x` is a missing value.
      if (value !== undefined && value.startsWith('-') && value !== '-') value = undefined;
      else i++;
    }
    if (!value) return { error: `${name} needs a value: ${flag.what}.` };
    if (out[flag.key] !== undefined) return { error: `${name} was given twice.` };
    out[flag.key] = value;
  }
  if (!out.reqFile) return { error: 'pipeline needs --req-file FILE (the requirement document).' };
  if (!out.workspace) return { error: 'pipeline needs --workspace DIR (the folder to build in).' };
  return { command: 'pipeline', reqFile: out.reqFile, workspace: out.workspace };
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
