import { describe, expect, it } from 'vitest';
import { recoverToolCalls, repairArguments, scanBalanced } from '../../lib/llm/recovery';
import { runGuarded } from '../http/linear';

const TOOLS = ['read_file', 'write_file', 'edit_file', 'run_shell', 'list_files'];
// Model outputs are written with ''' for ``` (template literals cannot hold backticks
// in String.raw), and String.raw keeps JSON escapes such as \n as the model wrote them.
const md = (s: string) => s.replace(/'''/g, '```');
const recover = (s: string) => recoverToolCalls(s, TOOLS);

describe('scanBalanced', () => {
  it('ignores braces inside strings and escaped quotes', () => {
    const text = String.raw`{"a": "x } \" {", "b": {"c": [1, 2]}} tail`;
    const s = scanBalanced(text, 0);
    expect(s).toMatchObject({ closed: true, inString: false });
    expect(text.slice(0, s.end)).toBe(String.raw`{"a": "x } \" {", "b": {"c": [1, 2]}}`);
  });

  it('treats single quotes as strings only where a value can start', () => {
    const text = `{'code': 'd = {"k": 1}', "note": "it's fine"} rest`;
    expect(text.slice(0, scanBalanced(text, 0).end)).toBe(`{'code': 'd = {"k": 1}', "note": "it's fine"}`);
  });

  it('reports what is still open when the input ends', () => {
    expect(scanBalanced('{"a": [1, {"b": 2', 0)).toMatchObject({ closed: false, inString: false, closers: '}]}' });
    expect(scanBalanced('{"a": "unterminated', 0)).toMatchObject({ closed: false, inString: true });
  });
});

describe('recoverToolCalls: JSON in the text', () => {
  it('takes a ```json fenced call with prose around it (qwen2.5-coder 7b)', () => {
    const reply = md(String.raw`To implement the calculator, I'll create the file ` + "`calc.py`" + String.raw` with the basic operations.

'''json
{
  "name": "write_file",
  "arguments": {
    "path": "calc.py",
    "content": "def add(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    return a - b\n"
  }
}
'''

This defines ` + "`add`" + ` and ` + "`sub`" + `. Next I will add the REPL.`);
    const r = recover(reply);
    expect(r.errors).toEqual([]);
    expect(r.calls).toEqual([
      {
        name: 'write_file',
        arguments: { path: 'calc.py', content: 'def add(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    return a - b\n' },
        kind: 'json',
      },
    ]);
  });

  it('keeps Python dicts, f-strings and Rust format braces inside code strings intact', () => {
    const reply = String.raw`{"name": "write_file", "arguments": {"path": "app/config.py", "content": "DEFAULTS = {\"debug\": False, \"db\": {\"url\": \"sqlite:///todo.db\"}}\n\ndef show(cfg):\n    print(f\"{cfg['db']} -> {len(cfg)} keys {{literal}}\")\n"}}
{"name": "write_file", "arguments": {"path": "src/main.rs", "content": "fn main() {\n    let v: Vec<i32> = (1..4).map(|x| { x * 2 }).collect();\n    println!(\"{:?} {}\", v, \"}\");\n}\n"}}`;
    const r = recover(reply);
    expect(r.errors).toEqual([]);
    expect(r.calls.map((c) => c.arguments.path)).toEqual(['app/config.py', 'src/main.rs']);
    expect(r.calls[0].arguments.content).toBe(
      'DEFAULTS = {"debug": False, "db": {"url": "sqlite:///todo.db"}}\n\ndef show(cfg):\n    print(f"{cfg[\'db\']} -> {len(cfg)} keys {{literal}}")\n',
    );
    expect(r.calls[1].arguments.content).toContain('map(|x| { x * 2 })');
    expect(r.calls.every((c) => c.kind === 'json')).toBe(true);
  });

  it('understands the shapes qwen, llama and OpenAI-style prompts produce', () => {
    const reply = String.raw`{"name": "read_file", "parameters": {"path": "src/lib.rs"}}
{"function": {"name": "run_shell", "arguments": "{\"command\": \"cargo build\"}"}}
{"type": "function", "function": {"name": "list_files", "arguments": {"path": "src"}}}
{"tool": "edit_file", "args": {"path": "a.py", "old": "x = 1", "new": "x = 2"}}
{"action": "read_file", "action_input": {"path": "README.md"}}`;
    const r = recover(reply);
    expect(r.errors).toEqual([]);
    expect(r.calls.map((c) => [c.name, c.arguments])).toEqual([
      ['read_file', { path: 'src/lib.rs' }],
      ['run_shell', { command: 'cargo build' }],
      ['list_files', { path: 'src' }],
      ['edit_file', { path: 'a.py', old: 'x = 1', new: 'x = 2' }],
      ['read_file', { path: 'README.md' }],
    ]);
  });

  it('takes a call whose arguments come before its name', () => {
    expect(recover('{"arguments": {"path": "src/main.rs"}, "name": "read_file"}').calls).toEqual([
      { name: 'read_file', arguments: { path: 'src/main.rs' }, kind: 'json' },
    ]);
  });

  it('takes arrays of calls and {"tool_calls": [...]} wrappers', () => {
    const r = recover(
      '[{"name": "read_file", "arguments": {"path": "a.py"}}, {"name": "read_file", "arguments": {"path": "b.py"}}]\n' +
        '{"tool_calls": [{"function": {"name": "run_shell", "arguments": {"command": "pytest -q"}}}]}',
    );
    expect(r.calls.map((c) => c.arguments)).toEqual([{ path: 'a.py' }, { path: 'b.py' }, { command: 'pytest -q' }]);
  });

  it('maps near-miss names and flattened arguments onto known tools', () => {
    const r = recover('{"name": "functions.write_file", "arguments": {"path": "x.txt", "content": "hi"}}\n{"name": "read_file", "path": "x.txt"}');
    expect(r.calls.map((c) => [c.name, c.arguments])).toEqual([
      ['write_file', { path: 'x.txt', content: 'hi' }],
      ['read_file', { path: 'x.txt' }],
    ]);
  });

  it('answers an unknown tool that was clearly called with the list of known tools', () => {
    const r = recover('I will create it now.\n{"name": "create_file", "arguments": {"path": "calc.py", "content": "x = 1\\n"}}');
    expect(r.calls).toEqual([]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toContain('"create_file" is not an available tool');
    expect(r.errors[0]).toContain('read_file, write_file, edit_file, run_shell, list_files');
    expect(r.errors[0]).toContain('{"name": "<tool>", "arguments":');
  });

  it('ignores JSON that is data, not a call, and echoed tool definitions', () => {
    const reply = md(`The API returns:

'''json
{"name": "Buy milk", "done": false, "id": 3}
'''

and the tool is described as {"name": "write_file", "description": "Write a file", "parameters": {"type": "object", "properties": {"path": {"type": "string"}}}}.`);
    expect(recover(reply)).toEqual({ calls: [], errors: [] });
  });

  it('does not look for calls inside code of another language', () => {
    const reply = md(`Here is how the agent dispatches:

'''python
call = {"name": "write_file", "arguments": {"path": "x.py", "content": ""}}
dispatch(call)
'''`);
    expect(recover(reply)).toEqual({ calls: [], errors: [] });
  });

  it('keeps a call whose content holds a markdown fence (README.md)', () => {
    const reply = md(String.raw`'''json
{"name": "write_file", "arguments": {"path": "README.md", "content": "# Calc\n\n'''bash
python calc.py
'''\n"}}
'''`);
    const r = recover(reply);
    expect(r.errors).toEqual([]);
    expect(r.calls).toHaveLength(1);
    expect(r.calls[0].arguments.content).toBe(md("# Calc\n\n'''bash\npython calc.py\n'''\n"));
  });

  it('runs the same call shown twice only once', () => {
    const call = '{"name": "run_shell", "arguments": {"command": "pytest"}}';
    const r = recover(md(`'''json\n${call}\n'''\nTo be clear: ${call.replace('"name": "run_shell", ', '"name": "run_shell",  ')}`));
    expect(r.calls).toHaveLength(1);
  });
});

describe('recoverToolCalls: repaired JSON', () => {
  it('repairs trailing commas, single quotes, unquoted keys and Python literals', () => {
    const reply = `Sure! Here's the call:
{'name': 'write_file', 'arguments': {'path': 'todo/db.py', 'content': 'import sqlite3\\n\\nDB = {"path": "todo.db"}\\n',},}
{name: "run_shell", arguments: {command: "python -m pytest -q", check: True}}`;
    const r = recover(reply);
    expect(r.errors).toEqual([]);
    expect(r.calls).toEqual([
      {
        name: 'write_file',
        arguments: { path: 'todo/db.py', content: 'import sqlite3\n\nDB = {"path": "todo.db"}\n' },
        kind: 'repaired_json',
      },
      { name: 'run_shell', arguments: { command: 'python -m pytest -q', check: true }, kind: 'repaired_json' },
    ]);
  });

  it('repairs raw newlines inside strings (qwen forgets to escape them)', () => {
    const reply = '{"name": "write_file", "arguments": {"path": "hello.py", "content": "def hello():\n    return \\"hi\\"\n"}}';
    const r = recover(reply);
    expect(r.calls).toEqual([
      { name: 'write_file', arguments: { path: 'hello.py', content: 'def hello():\n    return "hi"\n' }, kind: 'repaired_json' },
    ]);
  });

  it('closes a call that is only missing its closing braces', () => {
    const r = recover('{"name": "read_file", "arguments": {"path": "src/main.rs"}');
    expect(r.calls).toEqual([{ name: 'read_file', arguments: { path: 'src/main.rs' }, kind: 'repaired_json' }]);
  });

  it('refuses a call cut off inside a string instead of writing half a file', () => {
    const reply = String.raw`{"name": "write_file", "arguments": {"path": "src/nslookup.rs", "content": "use clap::{Arg, Command};\n\npub fn run(args: Vec<String>) -> Result<(), String> {\n    let matches = Command::new(\"nslookup\")`;
    const r = recover(reply);
    expect(r.calls).toEqual([]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toContain('"write_file" tool call was cut off inside the "content" string');
    expect(r.errors[0]).toContain('nothing was run');
  });

  it('salvages code with unescaped quotes in its one big string (the usual 7b slip)', () => {
    const reply = String.raw`{"name": "write_file", "arguments": {"path": "hello.py", "content": "CONFIG = {"greeting": "hello"}\nprint(f"{CONFIG['greeting']}, world")\n"}}`;
    const r = recover(reply);
    expect(r.errors).toEqual([]);
    expect(r.calls).toEqual([
      {
        name: 'write_file',
        arguments: { path: 'hello.py', content: 'CONFIG = {"greeting": "hello"}\nprint(f"{CONFIG[\'greeting\']}, world")\n' },
        kind: 'repaired_json',
      },
    ]);
  });

  it('takes Python triple-quoted content as one string', () => {
    const reply = '{"name": "write_file", "arguments": {"path": "calc.py", "content": """def add(a, b):\n    """Add two numbers."""\n    return a + b\n"""}}';
    // The docstring inside ends the triple-quoted string early; the code-string salvage still finds its end.
    expect(recover(reply).calls.map((c) => c.arguments.content)).toEqual([
      'def add(a, b):\n    """Add two numbers."""\n    return a + b\n',
    ]);
    const clean = '{"name": "write_file", "arguments": {"path": "calc.py", "content": """def add(a, b):\n    return {"sum": a + b}\n"""}}';
    expect(recover(clean).calls).toEqual([
      { name: 'write_file', arguments: { path: 'calc.py', content: 'def add(a, b):\n    return {"sum": a + b}\n' }, kind: 'repaired_json' },
    ]);
  });

  it('does not salvage when two code strings make it ambiguous, or the call may be cut off', () => {
    const twoKeys = String.raw`{"name": "edit_file", "arguments": {"path": "a.py", "old": "print("a")", "new": "print("b")"}}`;
    expect(recover(twoKeys)).toEqual({ calls: [], errors: [expect.stringContaining('not valid JSON and could not be repaired')] });
    const cut = String.raw`{"name": "write_file", "arguments": {"path": "src/main.rs", "content": "fn a() { println!("{}", x) }\nfn main() {\n    let m = Command::new("nslookup")`;
    const r = recover(cut);
    expect(r.calls).toEqual([]);
    expect(r.errors[0]).toContain('cut off');
  });

  it('says what was wrong, where, and the shape expected when repair fails', () => {
    // Code given bare, without quotes: nothing can say where the string ends.
    const reply = String.raw`{"name": "write_file", "arguments": {"path": "calc.py", "content": x = 1 + 2}}`;
    const r = recover(reply);
    expect(r.calls).toEqual([]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(/^Your tool call is not valid JSON and could not be repaired: .+ at line 1, column \d+: `….+` <- here\./);
    expect(r.errors[0]).toContain('{"name": "<tool>", "arguments": {"<parameter>": <value>}}');
  });

  it('does not report broken objects that were never tool calls', () => {
    const reply = md(`In JavaScript you would write { name: 'x', onClick: () => { go( } to wire it.`);
    expect(recover(reply)).toEqual({ calls: [], errors: [] });
  });
});

describe('recoverToolCalls: tags', () => {
  it('takes Hermes <tool_call> tags, several in a reply', () => {
    const reply = `I'll read both files first.
<tool_call>
{"name": "read_file", "arguments": {"path": "src/main.rs"}}
</tool_call>
<tool_call>
{"name": "read_file", "arguments": {"path": "Cargo.toml"}}
</tool_call>`;
    const r = recover(reply);
    expect(r.calls).toEqual([
      { name: 'read_file', arguments: { path: 'src/main.rs' }, kind: 'tool_call_tag' },
      { name: 'read_file', arguments: { path: 'Cargo.toml' }, kind: 'tool_call_tag' },
    ]);
  });

  it('marks a repaired tag body as repaired_json, and reports unknown names in tags', () => {
    const r = recover("<tool_call>\n{'name': 'run_shell', 'arguments': {'command': 'cargo test',}}\n</tool_call><tool_call>{\"name\": \"search_web\"}</tool_call>");
    expect(r.calls).toEqual([{ name: 'run_shell', arguments: { command: 'cargo test' }, kind: 'repaired_json' }]);
    expect(r.errors[0]).toContain('"search_web" is not an available tool');
  });

  it('takes a tag the reply ended inside of, when the JSON is whole', () => {
    const r = recover('<tool_call>\n{"name": "list_files", "arguments": {}}\n');
    expect(r.calls).toEqual([{ name: 'list_files', arguments: {}, kind: 'tool_call_tag' }]);
  });

  it('reports an empty tag', () => {
    expect(recover('<tool_call>\n</tool_call>').errors[0]).toContain('held no tool call');
  });

  it('takes <function=name> with JSON or <parameter=...> bodies', () => {
    const reply = `<tool_call>
<function=write_file>
<parameter=path>
calc.py
</parameter>
<parameter=content>
def mul(a, b):
    return {"result": a * b}
</parameter>
</function>
</tool_call>
<function=run_shell>{"command": "python calc.py"}</function>`;
    const r = recover(reply);
    expect(r.errors).toEqual([]);
    expect(r.calls).toEqual([
      { name: 'write_file', arguments: { path: 'calc.py', content: 'def mul(a, b):\n    return {"result": a * b}' }, kind: 'tool_call_tag' },
      { name: 'run_shell', arguments: { command: 'python calc.py' }, kind: 'tool_call_tag' },
    ]);
  });
});

describe('recoverToolCalls: fenced files (explains instead of acts)', () => {
  const file = (reply: string) => recover(md(reply)).calls.map((c) => [c.name, c.arguments.path, c.arguments.content, c.kind]);

  it('names the file in a first-line comment (and drops that line)', () => {
    const reply = `Here is the implementation of the calculator:

'''python
# calc.py
import operator

OPS = {"+": operator.add, "-": operator.sub}


def evaluate(a, op, b):
    return OPS[op](a, b)
'''

You can run it with ''python calc.py''.`;
    expect(file(reply)).toEqual([
      ['write_file', 'calc.py', 'import operator\n\nOPS = {"+": operator.add, "-": operator.sub}\n\n\ndef evaluate(a, op, b):\n    return OPS[op](a, b)\n', 'fenced_file'],
    ]);
  });

  it('takes a bold, "File:", backticked or heading path on the line before the fence', () => {
    const reply = `I'll split it into two files.

**src/main.rs**
'''rust
mod nslookup;
fn main() { nslookup::run(); }
'''

File: src/nslookup.rs

'''rust
pub fn run() {}
'''

\`Cargo.toml\`:
'''toml
[package]
name = "iterm"
'''

### tests/test_calc.py (new file)
'''python
def test_add():
    assert 1 + 1 == 2
'''`;
    expect(file(reply).map(([, path]) => path)).toEqual(['src/main.rs', 'src/nslookup.rs', 'Cargo.toml', 'tests/test_calc.py']);
  });

  it('takes a path from the info string', () => {
    const reply = `'''rust:src/state.rs
pub struct TerminalState;
'''
'''python title="app/main.py"
from fastapi import FastAPI
app = FastAPI()
'''`;
    expect(file(reply)).toEqual([
      ['write_file', 'src/state.rs', 'pub struct TerminalState;\n', 'fenced_file'],
      ['write_file', 'app/main.py', 'from fastapi import FastAPI\napp = FastAPI()\n', 'fenced_file'],
    ]);
  });

  it('takes "create a file named X with the following content:"', () => {
    const reply = `Create a file named \`todo/models.py\` with the following content:

'''python
from pydantic import BaseModel

class Todo(BaseModel):
    title: str
'''`;
    expect(file(reply).map(([, p]) => p)).toEqual(['todo/models.py']);
  });

  it('takes the new file but not the snippet for an existing one (qwen 14b, the article task)', () => {
    const reply = `To implement the \`nslookup\` command, you can create a new file \`src/commands/nslookup.rs\` with the following content:

'''rust
use clap::{Arg, Command};

pub fn run(args: Vec<String>) -> Result<(), String> {
    let matches = Command::new("nslookup")
        .arg(Arg::new("host").required(true))
        .try_get_matches_from(args)
        .map_err(|e| e.to_string())?;
    println!("{}", matches.get_one::<String>("host").unwrap());
    Ok(())
}
'''

Then, register the command in \`src/commands/mod.rs\`:

'''rust
pub mod nslookup;
'''

Finally, update \`src/main.rs\` to dispatch it:

'''rust
"nslookup" => commands::nslookup::run(args),
'''`;
    const calls = recover(md(reply)).calls;
    expect(calls.map((c) => c.arguments.path)).toEqual(['src/commands/nslookup.rs']);
    expect(calls[0].arguments.content).toMatch(/^use clap::\{Arg, Command\};\n[\s\S]*Ok\(\(\)\)\n\}\n$/);
  });

  it('never turns shell snippets into files', () => {
    const reply = `To set up the project, run these commands:

'''bash
# setup.sh
python -m venv .venv
pip install fastapi
'''

**run.sh**
'''sh
uvicorn app.main:app --reload
'''

'''console
$ cargo build
'''`;
    expect(recover(md(reply))).toEqual({ calls: [], errors: [] });
  });

  it('is conservative about what names a file', () => {
    const cases = [
      // a framework, not a file
      `**Node.js**\n'''javascript\nconst http = require("http");\nhttp.createServer().listen(3000);\n'''`,
      // a snippet to add to an existing file
      `Add this to \`config.py\`:\n'''python\nDEBUG = True\nPORT = 8000\n'''`,
      // elided: writing it would destroy the rest of the file
      `**calc.py**\n'''python\nimport sys\n# ... rest of the code stays the same\n'''`,
      `**src/lib.rs**\n'''rust\nfn a() {}\n// existing code\n...\n'''`,
      // the language disagrees with the extension
      `**calc.py**\n'''rust\nfn main() {}\n'''`,
      // no path at all, or a comment that is prose
      `'''python\n# This is the main module\nprint("hi")\n'''`,
      `'''python\nprint("hi")\n'''`,
      // a usage example that mentions a file
      `Here is an example usage of \`calc.py\`:\n'''python\nfrom calc import add\nprint(add(1, 2))\n'''`,
      // a diff is not file content
      `**calc.py**\n'''diff\n-x = 1\n+x = 2\n'''`,
      // a fence the reply ended inside of: the content is incomplete
      `**calc.py**\n'''python\ndef add(a, b):\n    return a +`,
      // not an extension at all, only an inherited property name
      `**calc.toString**\n'''python\nx = 1\n'''`,
      // absolute or parent paths are not trusted
      `**/etc/hosts.txt**\n'''text\n127.0.0.1 x\n'''`,
      `**../secrets.env**\n'''env\nTOKEN=x\n'''`,
    ];
    for (const c of cases) expect(recover(md(c)), c).toEqual({ calls: [], errors: [] });
  });

  it('yields to explicit calls in the same reply', () => {
    const reply = `**calc.py**
'''python
x = 1
'''
{"name": "run_shell", "arguments": {"command": "python calc.py"}}`;
    expect(recover(md(reply)).calls.map((c) => c.name)).toEqual(['run_shell']);
  });

  // Shapes seen in qwen2.5-coder, deepseek-coder, llama3 and codestral replies:
  // the name on the line before, in the info string, or in a first-line comment.
  const PY = 'def add(a, b):\n    return a + b\n';
  const SHAPES: [shape: string, reply: string, path: string][] = [
    ['File `calc.py`:', `File \`calc.py\`:\n'''python\n${PY}'''`, 'calc.py'],
    ['File calc.py', `File calc.py\n'''python\n${PY}'''`, 'calc.py'],
    ['File: `calc.py`', `File: \`calc.py\`\n'''python\n${PY}'''`, 'calc.py'],
    ['`calc.py`:', `\`calc.py\`:\n'''python\n${PY}'''`, 'calc.py'],
    ['**calc.py**', `**calc.py**\n'''python\n${PY}'''`, 'calc.py'],
    ['**calc.py:**', `**calc.py:**\n'''python\n${PY}'''`, 'calc.py'],
    ['**`calc.py`**', `**\`calc.py\`**\n'''python\n${PY}'''`, 'calc.py'],
    ['**File: calc.py**', `**File: calc.py**\n'''python\n${PY}'''`, 'calc.py'],
    ['# calc.py', `# calc.py\n'''python\n${PY}'''`, 'calc.py'],
    ['### `src/calc.py`', `### \`src/calc.py\`\n\n'''python\n${PY}'''`, 'src/calc.py'],
    ['calc.py:', `calc.py:\n'''python\n${PY}'''`, 'calc.py'],
    ['1. **calc.py**', `1. **calc.py**\n'''python\n${PY}'''`, 'calc.py'],
    ['- `calc.py`:', `- \`calc.py\`:\n'''python\n${PY}'''`, 'calc.py'],
    ['**calc.py** (new file):', `**calc.py** (new file):\n'''python\n${PY}'''`, 'calc.py'],
    ['Here is `calc.py`:', `Here is \`calc.py\`:\n'''python\n${PY}'''`, 'calc.py'],
    ["Here's the complete calc.py:", `Here's the complete calc.py:\n'''python\n${PY}'''`, 'calc.py'],
    ['Save this as calc.py:', `Save this as calc.py:\n'''python\n${PY}'''`, 'calc.py'],
    ['python title="calc.py"', `'''python title="calc.py"\n${PY}'''`, 'calc.py'],
    ["python title='calc.py'", `'''python title='calc.py'\n${PY}'''`, 'calc.py'],
    ['python filename=calc.py', `'''python filename=calc.py\n${PY}'''`, 'calc.py'],
    ['python filepath="src/calc.py"', `'''python filepath="src/calc.py"\n${PY}'''`, 'src/calc.py'],
    ['{.python file="calc.py"}', `'''{.python file="calc.py"}\n${PY}'''`, 'calc.py'],
    ['calc.py (info string)', `'''calc.py\n${PY}'''`, 'calc.py'],
    ['python:calc.py', `'''python:calc.py\n${PY}'''`, 'calc.py'],
    ['python calc.py', `'''python calc.py\n${PY}'''`, 'calc.py'],
    ['# calc.py (first line)', `'''python\n# calc.py\n${PY}'''`, 'calc.py'],
    ['# File: calc.py (first line)', `'''python\n# File: calc.py\n${PY}'''`, 'calc.py'],
    ['# calc.py - description (first line)', `'''python\n# calc.py - a small calculator\n${PY}'''`, 'calc.py'],
    ['// src/main.rs', `'''rust\n// src/main.rs\nfn main() {}\n'''`, 'src/main.rs'],
    ['// File: src/main.rs', `'''rust\n// File: src/main.rs\nfn main() {}\n'''`, 'src/main.rs'],
    ['/* src/app.ts */', `'''ts\n/* src/app.ts */\nexport const a = 1;\n'''`, 'src/app.ts'],
    ['<!-- index.html -->', `'''html\n<!-- index.html -->\n<p>hi</p>\n'''`, 'index.html'],
    ['-- schema.sql', `'''sql\n-- schema.sql\nCREATE TABLE t (id INT);\n'''`, 'schema.sql'],
  ];
  for (const [shape, reply, want] of SHAPES) {
    it(`recovers the path from ${shape}`, () => {
      const calls = recover(md(reply)).calls;
      expect(calls.map((c) => [c.name, c.arguments.path, c.kind])).toEqual([['write_file', want, 'fenced_file']]);
      // A comment line that only named the file is not part of it.
      expect(calls[0].arguments.content).not.toMatch(/^(?:#|\/\/|\/\*|<!--|--) (?:File: )?[\w/]+\.\w+(?: \*\/| -->)?\n/);
    });
  }

  it('keeps a first-line comment that also describes the file', () => {
    const calls = recover(md(`'''python\n# calc.py - a small calculator\n${PY}'''`)).calls;
    expect(calls[0].arguments.content).toBe(`# calc.py - a small calculator\n${PY}`);
  });

  it('takes no path from ordinary prose before a fence, or from a comment that is prose', () => {
    const prose = [
      'In `calc.py`:',
      'The bug is in calc.py:',
      'Run `python calc.py`:',
      'Here is how calc.py works:',
      'Here is an example:',
      'File `calc.py` is imported by `main.py`:',
      'Note: calc.py:',
      'Then call it from calc.py like this:',
      'For example, calc.py might contain:',
      'Here is the output of calc.py:',
    ];
    const comments = ['# TODO: fix calc.py', '# calc.py is the entry point', '// see utils.js for details', '# Usage: python calc.py', '# calc.py - - -'];
    for (const line of prose) expect(recover(md(`${line}\n'''python\n${PY}'''`)), line).toEqual({ calls: [], errors: [] });
    for (const c of comments) expect(recover(md(`'''python\n${c}\n${PY}'''`)), c).toEqual({ calls: [], errors: [] });
  });

  it('needs write_file among the known tools', () => {
    expect(recoverToolCalls(md(`**calc.py**\n'''python\nx = 1\n'''`), ['read_file']).calls).toEqual([]);
  });
});

describe('recoverToolCalls: plain answers', () => {
  it('finds nothing in a markdown answer with a bash snippet and braces in prose', () => {
    const reply = md(`\`git reflog\` records where HEAD has been, e.g. \`HEAD@{2}\`. To undo a bad rebase:

'''bash
git reflog
git reset --hard HEAD@{1}
'''

In a shell, \${HOME} and {a,b} expansions work as usual.`);
    expect(recover(reply)).toEqual({ calls: [], errors: [] });
  });
});

describe('repairArguments', () => {
  it('passes objects through and treats null or empty as no arguments', () => {
    expect(repairArguments({ path: 'a' })).toEqual({ ok: true, value: { path: 'a' }, repaired: false });
    expect(repairArguments(null)).toEqual({ ok: true, value: {}, repaired: false });
    expect(repairArguments('  ')).toEqual({ ok: true, value: {}, repaired: false });
  });

  it('parses valid JSON strings without calling them repaired', () => {
    expect(repairArguments('{"command": "ls -la"}')).toEqual({ ok: true, value: { command: 'ls -la' }, repaired: false });
  });

  it('repairs malformed, fenced and double-encoded strings', () => {
    expect(repairArguments("{'path': 'a.py', 'content': 'x = {}\\n',}")).toEqual({
      ok: true,
      value: { path: 'a.py', content: 'x = {}\n' },
      repaired: true,
    });
    expect(repairArguments(md('\'\'\'json\n{"path": "a.py"}\n\'\'\''))).toEqual({ ok: true, value: { path: 'a.py' }, repaired: true });
    expect(repairArguments(JSON.stringify(JSON.stringify({ path: 'a.py' })))).toEqual({
      ok: true,
      value: { path: 'a.py' },
      repaired: true,
    });
  });

  it('explains what is wrong otherwise', () => {
    const cut = repairArguments('{"path": "a.py", "content": "def f():\\n    return');
    expect(cut.ok).toBe(false);
    if (!cut.ok) expect(cut.error).toContain('cut off inside the "content" string');
    const arr = repairArguments(['a.py']);
    expect(arr).toEqual({ ok: false, error: expect.stringContaining('got an array') });
    expect(repairArguments('[1, 2]')).toEqual({ ok: false, error: expect.stringContaining('JSON object') });
    expect(repairArguments('cargo build')).toEqual({ ok: false, error: expect.stringContaining('"cargo build"') });
  });
});

describe('recoverToolCalls: degenerate output', () => {
  // A looping small model can emit the same fragment thousands of times; these
  // once blew the stack or went quadratic. No timing asserted, only that it ends sanely.
  it('survives deep nesting, endless unclosed calls and unclosed tags', () => {
    expect(recover('{"name": '.repeat(3000) + '1' + '}'.repeat(3000))).toEqual({ calls: [], errors: [] });
    expect(recover("{'name': 'x', 'a': ".repeat(5000)).calls).toEqual([]);
    const tags = recover('<tool_call>\n{"name": "read_file"\n'.repeat(3000));
    expect(tags.calls).toEqual([]);
    expect(tags.errors).toHaveLength(1);
  });

  it('takes no name from a huge line before a fence or a huge first-line comment, and ends', () => {
    const probe = `[
      mod.recoverToolCalls('Here is ' + 'a('.repeat(200000) + '\\n\`\`\`python\\nx = 1\\n\`\`\`', ['write_file']).calls.length,
      mod.recoverToolCalls('\`\`\`python\\n# a.py' + ' '.repeat(200000) + '- x' + ' '.repeat(200000) + '\\nx = 1\\n\`\`\`', ['write_file']).calls.length,
    ]`;
    expect(JSON.parse(runGuarded('lib/llm/recovery/index.ts', probe))).toEqual([0, 0]);
  });

  it('does not take repaired junk keys as flattened arguments', () => {
    const r = recover('<tool_call>\n{"name": "read_file"\n<tool_call>\n{"name": "read_file"\n');
    expect(r.calls).toEqual([]);
    expect(r.errors[0]).toContain('no readable arguments');
  });
});
