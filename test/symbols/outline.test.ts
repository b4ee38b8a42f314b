// outline(): real grammars and the query files, one fixture per language.
import { describe, expect, test } from 'vitest';
import { outline, type OutlineSymbol } from '../../lib/symbols/index';
import { JS_UTIL, PYTHON_MODELS, RUST_STATE, TSX_APP, TS_TYPES } from './fixtures';

const brief = (s: OutlineSymbol[]) => s.map((x) => `${x.kind} ${x.parent ? `${x.parent}.` : ''}${x.name} ${x.line}-${x.endLine}`);

describe('outline', () => {
  test('Rust: structs, impl blocks named by their type with their methods, traits, enums, constants', async () => {
    const o = await outline('src/state.rs', RUST_STATE);
    expect(o.language).toBe('rust');
    expect(brief(o.symbols)).toEqual([
      'constant MAX_HISTORY 3-3',
      'struct TerminalState 6-10',
      'impl TerminalState 13-25',
      'method TerminalState.new 14-16',
      'method TerminalState.update 18-20',
      'method TerminalState.reset 22-24',
      'trait Render 27-29',
      'method Render.render 28-28',
      'impl TerminalState 31-35',
      'method TerminalState.render 32-34',
      'enum Mode 37-40',
    ]);
  });

  test('TypeScript: interfaces, type aliases, enums, classes, constants and arrow functions', async () => {
    const o = await outline('src/types.ts', TS_TYPES);
    expect(o.language).toBe('typescript');
    expect(brief(o.symbols)).toEqual([
      'interface Props 1-4',
      'method Props.onClose 3-3',
      'type UserId 6-6',
      'enum Color 8-11',
      'constant MAX_ITEMS 13-13',
      'function formatTitle 15-15',
      'class Store 17-23',
      'method Store.add 20-22',
      'function createStore 25-27',
    ]);
  });

  test('TSX and JavaScript', async () => {
    expect(brief((await outline('src/App.tsx', TSX_APP)).symbols)).toEqual(['function App 3-5']);
    expect((await outline('src/App.tsx', TSX_APP)).language).toBe('tsx');
    expect(brief((await outline('util.js', JS_UTIL)).symbols)).toEqual(['class Logger 3-7', 'method Logger.log 4-6', 'function helper 9-11']);
  });

  test('Python: classes, methods with their parent, functions, module constants', async () => {
    const o = await outline('app/models.py', PYTHON_MODELS);
    expect(brief(o.symbols)).toEqual([
      'constant DEFAULT_ROLE 3-3',
      'class User 6-14',
      'method User.__init__ 9-10',
      'method User.display_name 13-14',
      'function load_users 17-18',
    ]);
  });

  test('Go, Java, C++, C#, Ruby and PHP', async () => {
    const go = await outline('main.go', 'package main\n\nconst Max = 3\n\ntype State struct{ x int }\n\ntype Reader interface {\n\tRead() int\n}\n\nfunc (s *State) Update() {}\n\nfunc New() *State { return nil }\n');
    expect(brief(go.symbols)).toEqual([
      'constant Max 3-3', 'struct State 5-5', 'interface Reader 7-9', 'method Reader.Read 8-8', 'method State.Update 11-11', 'function New 13-13',
    ]);
    const java = await outline('Foo.java', 'class Foo {\n  static final int MAX = 1;\n  Foo() {}\n  void run() {}\n}\ninterface Shape { double area(); }\n');
    expect(brief(java.symbols)).toEqual(['class Foo 1-5', 'constant Foo.MAX 2-2', 'method Foo.Foo 3-3', 'method Foo.run 4-4', 'interface Shape 6-6', 'method Shape.area 6-6']);
    const cpp = await outline('a.cpp', 'namespace ns {\nclass Foo {\n  void bar();\n};\n}\nvoid ns::Foo::bar() {}\nint *make() { return 0; }\n');
    expect(brief(cpp.symbols)).toEqual(['module ns 1-5', 'class ns.Foo 2-4', 'method Foo.bar 3-3', 'method Foo.bar 6-6', 'function make 7-7']);
    const cs = await outline('a.cs', 'namespace N {\n  class Foo {\n    void Run() {}\n  }\n}\n');
    expect(brief(cs.symbols)).toEqual(['module N 1-5', 'class N.Foo 2-4', 'method Foo.Run 3-3']);
    const rb = await outline('a.rb', 'module M\n  class Foo\n    def run; end\n  end\nend\n');
    expect(brief(rb.symbols)).toEqual(['module M 1-5', 'class M.Foo 2-4', 'method Foo.run 3-3']);
    const php = await outline('a.php', '<?php\nclass Foo {\n  function run() {}\n}\nfunction top() {}\n');
    expect(brief(php.symbols)).toEqual(['class Foo 2-4', 'method Foo.run 3-3', 'function top 5-5']);
  });

  test('containers are searched at any depth, and the nodes a query file marks @scope; function bodies only near the top', async () => {
    // Rust: modules and impls nest deeper than one query reaches; a fn inside a fn is local.
    const rs = await outline('lib.rs', 'mod a {\n  mod b {\n    mod c {\n      impl Deep {\n        fn deep() {\n          fn local() {}\n        }\n      }\n    }\n  }\n}\n');
    expect(brief(rs.symbols)).toEqual(['module a 1-11', 'module a.b 2-10', 'module b.c 3-9', 'impl c.Deep 4-8', 'method Deep.deep 5-7']);
    // Python: module-level if/elif/else and try (platform switches, optional imports) are module scope.
    const py = await outline('compat.py', [
      'import sys', 'if sys.platform == "win32":', '    def opener(): pass', 'elif sys.platform == "darwin":', '    if True:',
      '        def mac_opener(): pass', 'try:', '    from fast import parse', 'except ImportError:', '    class Parser:',
      '        def parse(self):', '            def helper(): pass', '            return helper', 'def outer():', '    def inner(): pass',
    ].join('\n'));
    expect(brief(py.symbols)).toEqual(['function opener 3-3', 'function mac_opener 6-6', 'class Parser 10-13', 'method Parser.parse 11-13', 'function outer 14-15', 'function outer.inner 15-15']);
    // JavaScript: class expressions, top-level IIFEs and exported object literals.
    const js = await outline('lib.js', [
      'module.exports = class Queue {', '  push(x) {}', '};', '((ns) => {', '  function mock() {}', '})(ns || (ns = {}));',
      'module.exports = {', '  setTimeout(cb) {},', '};', 'function run() {', '  function local() {}', '}',
    ].join('\n'));
    expect(brief(js.symbols)).toEqual(['class Queue 1-3', 'method Queue.push 2-2', 'function mock 5-5', 'method setTimeout 8-8', 'function run 10-12', 'function run.local 11-11']);
    // C++: an export macro makes the grammar read a class as a function; its members are still found,
    // and so are a template specialisation's.
    const cpp = await outline('w.h', '#ifndef W_H\n#define W_H\nextern "C" {\nstruct point { int x; };\n}\nclass API_EXPORT Widget\n{\n  Widget(int w) : w_(w) {}\n  int width() const { return w_; }\n};\ntemplate <> struct Traits<int> {\n  static int size() { return 4; }\n};\n#endif\n');
    const names = cpp.symbols.map((x) => x.name);
    expect(names).toEqual(expect.arrayContaining(['point', 'width', 'Traits', 'size']));
    // Ruby: class << self holds singleton methods.
    const rb = await outline('w.rb', 'class Widget\n  class << self\n    def build; end\n  end\nend\n');
    expect(brief(rb.symbols)).toEqual(['class Widget 1-5', 'method Widget.build 3-3']);
  });

  test('unsupported files give language null; broken code still yields what parsed', async () => {
    expect(await outline('notes.txt', 'hello')).toEqual({ language: null, symbols: [] });
    const broken = await outline('bad.py', 'def good():\n    return 1\n\ndef broken(:\n    pass\n\nclass Later:\n    pass\n');
    const names = broken.symbols.map((s) => s.name);
    expect(names).toContain('good');
    expect(names).toContain('Later');
  });

  test('non-ASCII text keeps names and lines right (positions are UTF-16)', async () => {
    const o = await outline('a.ts', 'const ë = "ü – 😀";\nexport function après() {}\n');
    expect(brief(o.symbols)).toEqual(['constant ë 1-1', 'function après 2-2']);
  });
});
