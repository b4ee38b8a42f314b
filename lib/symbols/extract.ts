// Turns one file into symbols and references. Definitions come from the
// language's query; capture names follow Aider's tags convention:
// @name.definition.<kind> on the name, @definition.<kind> on the whole node,
// and an optional @parent when the parent is not lexically around the
// definition (Go methods name their receiver type). References are the
// identifier tokens of the file: ranking only counts names some file defines,
// and a token scan costs a tenth of a query walking every node.
import type { Node } from 'web-tree-sitter';
import type { LoadedLanguage } from './parser';

export interface ExtractedSymbol {
  name: string;
  kind: string;
  /** 1-based. */
  line: number;
  endLine: number;
  parent?: string;
  signature: string;
}

export interface Extraction {
  symbols: ExtractedSymbol[];
  /** Identifier -> how often this file uses it (for ranking). */
  refs: Map<string, number>;
  /** ERROR nodes in the tree: the file parsed partly. */
  errors: number;
}

/** Kinds whose nested functions are methods, and that list them in the map. */
export const CONTAINER_KINDS = new Set(['class', 'struct', 'enum', 'trait', 'impl', 'interface']);

interface Def {
  name: string;
  kind: string;
  node: Node;
  start: number;
  end: number;
  pattern: number;
  parent?: string;
}

const SIGNATURE_MAX = 160;
/**
 * A query starts matches no deeper than this below the node it runs on
 * (module > class > body > method is 3). It runs again from every container
 * definition it finds (class, impl, module, ...) and from every node the query
 * file captures as @scope (Python's module-level `if`, a JavaScript IIFE, a C
 * header's #ifdef), so nested containers are found at any depth while function
 * bodies, where only locals live, are not walked. Measured on 100k lines of
 * Rust: 105 ms for one query 8 levels deep, 38 ms this way.
 */
const START_DEPTH = 3;
const DESCEND_KINDS = new Set([...CONTAINER_KINDS, 'module']);
// Keywords and builtins of the supported languages: never symbols worth ranking by.
const STOP = new Set(('if else elif for while do return break continue def fn func function let const var mut pub use mod ' +
  'impl struct enum trait type interface class new self Self this super import from export default as in of is not and or ' +
  'true false True False None null nil undefined void try catch except finally raise throw throws with yield async await ' +
  'match case switch static public private protected final abstract override extends implements package where loop ' +
  'lambda pass global nonlocal del assert crate ref dyn unsafe extern end then begin module require include namespace ' +
  'using string str int bool boolean number float double char long short byte u8 u16 u32 u64 usize i8 i16 i32 i64 isize f32 f64 ' +
  'Some Ok Err Option Result Vec String Box print println typeof instanceof readonly declare keyof any unknown never object').split(' '));

// Identifier tokens exactly as /[A-Za-z_$][\w$]+/g finds them, by a scan over
// char codes: no match object per token, only the slice.
const WORD = new Uint8Array(128); // 1: may start an identifier, 2: may only continue one
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  WORD[c] = /[A-Za-z_$]/.test(ch) ? 1 : /\d/.test(ch) ? 2 : 0;
}

function tokenRefs(content: string): Map<string, number> {
  const refs = new Map<string, number>();
  const n = content.length;
  for (let i = 0; i < n; ) {
    const c = content.charCodeAt(i);
    if (c >= 128 || WORD[c] !== 1) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < n) {
      const d = content.charCodeAt(j);
      if (d >= 128 || WORD[d] === 0) break;
      j++;
    }
    if (j - i >= 2) {
      const id = content.slice(i, j);
      if (!STOP.has(id)) refs.set(id, (refs.get(id) ?? 0) + 1);
    }
    i = j;
  }
  return refs;
}

// Field ids per grammar: childForFieldName looks the name up in a list on every call.
const fieldIds = new WeakMap<LoadedLanguage, { body: number; value: number }>();
function fieldsOf(lang: LoadedLanguage): { body: number; value: number } {
  let f = fieldIds.get(lang);
  if (!f) {
    const fields = lang.parser.language!.fields;
    fieldIds.set(lang, (f = { body: fields.indexOf('body'), value: fields.indexOf('value') }));
  }
  return f;
}

const childByField = (node: Node | null | undefined, id: number): Node | null => (node && id !== -1 ? node.childForFieldId(id) : null);

function signatureOf(d: Def, content: string, fields: { body: number; value: number }): string {
  const body = childByField(d.node, fields.body) ?? childByField(childByField(d.node, fields.value), fields.body);
  const start = d.start;
  let text: string;
  if (body && body.startIndex > start) text = content.slice(start, Math.min(body.startIndex, start + 600));
  else {
    const nl = content.indexOf('\n', start);
    text = content.slice(start, Math.min(nl < 0 || nl > d.end ? d.end : nl, start + 600));
  }
  text = text.replace(/\s+/g, ' ').trim().replace(/\s*(\{|:|=>|=|where)$/, '').trim();
  return text.length > SIGNATURE_MAX ? `${text.slice(0, SIGNATURE_MAX - 1)}…` : text;
}

// The grammar symbol of ERROR nodes in every tree-sitter language.
const ERROR_SYMBOL = 65535;

/**
 * ERROR nodes in the tree, as descendantsOfType('ERROR').length counts them,
 * looking only inside subtrees that contain an error (hasError covers a
 * node's whole subtree). descendantsOfType visits every node of the file:
 * 20-25 ms per 100k lines of the Rust and TypeScript corpora of bench:symbols
 * against 2-10 ms this way. A stack, not recursion: error paths can be deep.
 */
function countErrors(root: Node): number {
  let n = 0;
  const todo: Node[] = [root];
  while (todo.length) {
    const node = todo.pop()!;
    if (node.typeId === ERROR_SYMBOL) n++;
    // One call for all children, then one per child: fewer crossings into the wasm than a cursor.
    for (const child of node.children) if (child?.hasError) todo.push(child);
    else if (child?.typeId === ERROR_SYMBOL) n++;
  }
  return n;
}

export interface ExtractOptions {
  /** Count references (default true); an outline for chunking needs none. */
  refs?: boolean;
  /** One-line signatures (default true); empty strings when false. */
  signatures?: boolean;
}

export function extract(lang: LoadedLanguage, content: string, opts: ExtractOptions = {}): Extraction {
  const tree = lang.parser.parse(content);
  if (!tree) return { symbols: [], refs: new Map(), errors: 1 };
  try {
    const root = tree.rootNode;
    const errors = root.hasError ? Math.max(1, countErrors(root)) : 0;
    const refs = opts.refs === false ? new Map<string, number>() : tokenRefs(content);
    // One definition node may match several patterns (a const holding an
    // arrow function): the earliest pattern in the .scm file wins. Nodes are
    // keyed by their span as one number, exact below ~90M characters (endIndex
    // is a call into the grammar's wasm: asked once per node).
    const span = content.length + 1;
    const defs = new Map<number, Def>();
    const queued = new Set<number>();
    const todo: Node[] = [root];
    const descend = (node: Node, key: number) => {
      if (!queued.has(key)) (queued.add(key), todo.push(node));
    };
    while (todo.length) {
      for (const m of lang.query.matches(todo.pop()!, { maxStartDepth: START_DEPTH })) {
        let nameNode: Node | null = null;
        let defNode: Node | null = null;
        let kind = '';
        let parent: string | undefined;
        for (const c of m.captures) {
          const n = c.name;
          if (n.startsWith('name.definition.')) {
            nameNode = c.node;
            kind = n.slice(16);
          } else if (n.startsWith('definition.')) defNode = c.node;
          else if (n === 'parent') parent = content.slice(c.node.startIndex, c.node.endIndex);
          else if (n === 'scope') descend(c.node, c.node.startIndex * span + c.node.endIndex);
        }
        if (!nameNode) continue;
        const node = defNode ?? nameNode;
        const start = node.startIndex;
        const end = node.endIndex;
        const key = start * span + end;
        if (DESCEND_KINDS.has(kind)) descend(node, key);
        const prev = defs.get(key);
        if (prev && prev.pattern <= m.patternIndex) continue;
        const name = nameNode === node ? content.slice(start, end) : content.slice(nameNode.startIndex, nameNode.endIndex);
        if (!name) continue;
        defs.set(key, { name, kind, node, start, end, pattern: m.patternIndex, parent });
      }
    }
    return { symbols: nest([...defs.values()], content, opts.signatures !== false ? fieldsOf(lang) : null), refs, errors };
  } finally {
    tree.delete();
  }
}

/** Parents come from nesting: the nearest enclosing definition. */
function nest(defs: Def[], content: string, fields: { body: number; value: number } | null): ExtractedSymbol[] {
  defs.sort((a, b) => a.start - b.start || b.end - a.end);
  const stack: Def[] = [];
  const out: ExtractedSymbol[] = [];
  for (const d of defs) {
    while (stack.length && stack[stack.length - 1].end <= d.start) stack.pop();
    const outer = stack[stack.length - 1];
    let kind = d.kind;
    const parent = d.parent ?? outer?.name;
    if (kind === 'function' && (d.parent || (outer && CONTAINER_KINDS.has(outer.kind)))) kind = 'method';
    out.push({
      name: d.name,
      kind,
      line: d.node.startPosition.row + 1,
      // A node ending at column 0 (a #define with its newline) ends on the line before.
      endLine: Math.max(d.node.startPosition.row, d.node.endPosition.row - (d.node.endPosition.column === 0 ? 1 : 0)) + 1,
      ...(parent ? { parent } : {}),
      signature: fields ? signatureOf(d, content, fields) : '',
    });
    stack.push(d);
  }
  return out;
}
