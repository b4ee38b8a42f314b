// File ranking as Aider's repo map does it: files are nodes, an edge runs
// from a file that uses an identifier to each file that defines it, and
// PageRank (personalised toward files the conversation mentions) says which
// definitions matter most. Files nobody uses are dangling nodes: their rank is
// spread by the personalisation, as in networkx.

export interface RankInput {
  /** Per file: identifiers it uses, with counts. */
  refs: Map<number, Map<string, number>>;
  /** Identifier -> files defining it. */
  defines: Map<string, Set<number>>;
  files: number[];
  /** Files the conversation mentions (personalisation). */
  mentionedFiles: Set<number>;
  /** Identifiers the conversation mentions. */
  mentionedIdents: Set<string>;
}

export interface RankOutput {
  fileRank: Map<number, number>;
  /** `${fileId}\0${ident}` -> share of rank flowing into that definition. */
  defRank: Map<string, number>;
}

interface Edge {
  to: number;
  weight: number;
  ident: string;
}

/** Aider's weighting: specific names count more, private and ubiquitous ones less. */
function identWeight(ident: string, definers: number, mentioned: boolean): number {
  let mul = 1;
  const snake = ident.includes('_') && /[a-zA-Z]/.test(ident);
  const camel = /[A-Z]/.test(ident) && /[a-z]/.test(ident);
  if (mentioned) mul *= 10;
  if ((snake || camel) && ident.length >= 8) mul *= 10;
  if (ident.startsWith('_')) mul *= 0.1;
  if (definers > 5) mul *= 0.1;
  return mul;
}

export function rankFiles(input: RankInput): RankOutput {
  const out = new Map<number, Edge[]>();
  for (const f of input.files) out.set(f, []);
  for (const [from, used] of input.refs) {
    const edges = out.get(from);
    if (!edges) continue;
    for (const [ident, count] of used) {
      const definers = input.defines.get(ident);
      if (!definers) continue;
      let w = identWeight(ident, definers.size, input.mentionedIdents.has(ident)) * Math.sqrt(count);
      if (input.mentionedFiles.has(from)) w *= 50;
      // No self-edges: references are tokens, so every file "uses" its own
      // definitions; rank must come from other files using them.
      for (const to of definers) if (to !== from) edges.push({ to, weight: w, ident });
    }
  }
  const fileRank = pagerank(input.files, out, input.mentionedFiles);
  const defRank = new Map<string, number>();
  for (const [from, edges] of out) {
    const total = edges.reduce((a, e) => a + e.weight, 0);
    if (!total) continue;
    const r = fileRank.get(from)!;
    for (const e of edges) {
      const key = `${e.to}\0${e.ident}`;
      defRank.set(key, (defRank.get(key) ?? 0) + (r * e.weight) / total);
    }
  }
  return { fileRank, defRank };
}

/** Power iteration; dangling rank and teleports go to the personalisation vector. */
export function pagerank(nodes: number[], out: Map<number, Edge[]>, personal: Set<number>, damping = 0.85): Map<number, number> {
  const n = nodes.length;
  const rank = new Map<number, number>();
  if (!n) return rank;
  const pers = new Map<number, number>();
  const persNodes = nodes.filter((x) => personal.has(x));
  // Mostly toward the mentioned files, a little toward all: files the mentioned
  // ones never reach still keep their order among themselves.
  const toward = persNodes.length ? 0.9 : 0;
  for (const x of nodes) pers.set(x, (1 - toward) / n + (personal.has(x) ? toward / persNodes.length : 0));
  const totals = new Map<number, number>();
  for (const x of nodes) {
    rank.set(x, 1 / n);
    totals.set(x, (out.get(x) ?? []).reduce((a, e) => a + e.weight, 0));
  }
  for (let iter = 0; iter < 100; iter++) {
    const next = new Map<number, number>();
    let dangling = 0;
    for (const x of nodes) {
      next.set(x, 0);
      if (!totals.get(x)) dangling += rank.get(x)!;
    }
    for (const x of nodes) {
      const t = totals.get(x)!;
      if (!t) continue;
      const share = (damping * rank.get(x)!) / t;
      for (const e of out.get(x)!) next.set(e.to, next.get(e.to)! + share * e.weight);
    }
    let delta = 0;
    for (const x of nodes) {
      const v = next.get(x)! + (damping * dangling + (1 - damping)) * pers.get(x)!;
      delta += Math.abs(v - rank.get(x)!);
      next.set(x, v);
    }
    for (const [k, v] of next) rank.set(k, v);
    if (delta < 1e-8 * n) break;
  }
  return rank;
}
