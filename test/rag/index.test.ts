// Indexing and retrieval against a real Chroma server (started once for this
// file from node_modules) with the scripted Ollama serving embeddings.
import fs from 'node:fs';
import path from 'node:path';
import { ChromaClient } from 'chromadb';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chunkFile } from '../../lib/rag/chunk';
import { indexPath, retrieve, RagError, collectionName } from '../../lib/rag';
import type { Config } from '../../lib/config/schema';
import { ScriptedOllama } from '../support/scripted-ollama';
import { embedText } from '../support/scripted-ollama-model';
import { embedCalls, failingProxy, ragEnv, type RagEnv } from './support';
import { manyFiles, project } from './fixtures';

let env: RagEnv;
let seq = 0;
beforeAll(async () => {
  env = await ragEnv();
});
afterAll(async () => {
  await env?.close();
});

function setup(files: Record<string, string | Buffer> = project, over: Partial<Config> = {}) {
  const root = env.workspace(files);
  const workspaceId = `ws-${++seq}`;
  const config = env.config(over);
  const t = { config, dataDir: env.tmp, workspaceId, chroma: env.service };
  return {
    root, workspaceId, config,
    index: (p = '.', c: Config = config) => indexPath({ ...t, config: c, root, path: p }),
    retrieve: (query: string, c: Config = config, k?: number) => retrieve({ ...t, config: c, query, k }),
    /** What the collection holds: path -> sorted chunk ids. */
    async stored(c: Config = config): Promise<Map<string, string[]>> {
      const col = await new ChromaClient({ host: '127.0.0.1', port: Number(new URL(env.chroma.url).port) }).getCollection({ name: collectionName(workspaceId, c.embedding_model) });
      const all = await col.get({ include: ['metadatas'] });
      const out = new Map<string, string[]>();
      all.ids.forEach((id, i) => {
        const p = String(all.metadatas[i]?.path);
        out.set(p, [...(out.get(p) ?? []), id].sort());
      });
      return out;
    },
    write: (rel: string, content: string) => fs.writeFileSync(path.join(root, rel), content),
  };
}

const embeddedInputs = () => embedCalls(env.ollama).reduce((n, r) => n + r.body.input.length, 0);

describe('indexing and retrieval', () => {
  test('the chunk that answers the question is retrieved first, with path, lines and text', async () => {
    const p = setup();
    const s = await p.index('.');
    expect(s.files).toBe(5);
    expect(s.embedded).toBe(s.chunks);
    const r = await p.retrieve('resolve a hostname with the nameserver over udp before the timeout');
    expect(r.status).toBe('ok');
    const top = r.chunks[0];
    expect(top.path).toBe('src/net/dns.rs');
    expect(top.symbol).toContain('resolve_hostname');
    expect(top.text).toContain('pub fn resolve_hostname(');
    const lines = project['src/net/dns.rs'].split('\n');
    expect(top.text).toBe(lines.slice(top.startLine - 1, top.endLine).join('\n'));
    expect(top.score).toBeGreaterThan(r.chunks[r.chunks.length - 1].score);
    const flags = await p.retrieve('parse argv flags debug ndots retry recurse');
    expect(flags.chunks[0].path).toBe('src/cli/flags.py');
  });

  test('the vectors Chroma holds are the ones Ollama returned (float32), metadata intact', async () => {
    const p = setup();
    await p.index('.');
    const col = await new ChromaClient({ host: '127.0.0.1', port: Number(new URL(env.chroma.url).port) }).getCollection({ name: collectionName(p.workspaceId, p.config.embedding_model) });
    const all = await col.get({ include: ['embeddings', 'metadatas'] });
    const chunks = await chunkFile('src/net/dns.rs', project['src/net/dns.rs'] as string);
    const c = chunks[0];
    const i = all.ids.indexOf(c.id);
    expect(i).toBeGreaterThanOrEqual(0);
    // Stored as float32 and renormalised for cosine space: equal to float32 precision.
    const sent = embedText(c.input, 768);
    const got = all.embeddings[i]!;
    expect(got).toHaveLength(768);
    expect(Math.max(...got.map((x, k) => Math.abs(x - sent[k])))).toBeLessThan(1e-6);
    expect(all.metadatas[i]).toMatchObject({ path: 'src/net/dns.rs', start: c.startLine, end: c.endLine, language: 'rust', symbol: c.symbol });
  });

  test('an unchanged re-index makes no embedding call', async () => {
    const p = setup();
    const first = await p.index('.');
    const before = embedCalls(env.ollama).length;
    const again = await p.index('.');
    expect(embedCalls(env.ollama).length).toBe(before);
    expect(again).toMatchObject({ embedded: 0, embedCalls: 0, removed: 0, chunks: first.chunks, skippedUnchanged: first.chunks });
  });

  test('embedding calls carry embed_batch_size inputs (at least 32)', async () => {
    const p = setup(manyFiles(30), { embed_batch_size: 8 });
    const before = embedCalls(env.ollama).length;
    const s = await p.index('.');
    const calls = embedCalls(env.ollama).slice(before).map((r) => r.body.input.length);
    expect(s.embedded).toBe(90);
    expect(calls).toEqual([32, 32, 26]);
    expect(s.embedCalls).toBe(3);
  });

  test('a changed file replaces only its changed chunks; moved ones keep their vectors and get new lines', async () => {
    const p = setup();
    await p.index('.');
    const old = (await p.stored()).get('src/net/dns.rs')!;
    p.write('src/net/dns.rs', project['src/net/dns.rs'].replace('vec![0u8; 512]', 'vec![0u8; 4096]'));
    // Two lines on top of state.rs shift every chunk below them.
    p.write('src/state.rs', `// Copyright the authors.\n// Licensed MIT.\n${project['src/state.rs']}`);
    const inputsBefore = embeddedInputs();
    const s = await p.index('.');
    const now = (await p.stored()).get('src/net/dns.rs')!;
    expect(now.length).toBe(old.length);
    expect(now.filter((id) => !old.includes(id))).toHaveLength(1); // the edited function, re-embedded
    expect(old.filter((id) => !now.includes(id))).toHaveLength(1); // its old version, removed
    expect(s.removed).toBe(2); // dns.rs's old chunk and state.rs's old first chunk
    expect(embeddedInputs() - inputsBefore).toBe(s.embedded);
    expect(s.embedded).toBe(2);
    const r = await p.retrieve('remember a command line in the history dropping the oldest beyond the limit', p.config, 1);
    expect(r.chunks[0].path).toBe('src/state.rs');
    expect(r.chunks[0].stale).toBeUndefined();
    const lines = fs.readFileSync(path.join(p.root, 'src/state.rs'), 'utf8').split('\n');
    expect(r.chunks[0].text).toBe(lines.slice(r.chunks[0].startLine - 1, r.chunks[0].endLine).join('\n'));
    expect(r.chunks[0].text).toContain('pub fn remember_history');
  });

  test("a deleted file's chunks are removed; indexing one folder leaves the others alone", async () => {
    const p = setup();
    await p.index('src/');
    await p.index('docs');
    expect([...(await p.stored()).keys()].sort()).toEqual(['docs/guide.md', 'src/cli/flags.py', 'src/net/dns.rs', 'src/state.rs']);
    fs.rmSync(path.join(p.root, 'src/cli/flags.py'));
    fs.rmSync(path.join(p.root, 'docs/guide.md'));
    const s = await p.index('src');
    expect(s.removed).toBe(1);
    expect([...(await p.stored()).keys()].sort()).toEqual(['docs/guide.md', 'src/net/dns.rs', 'src/state.rs']);
    const r = await p.retrieve('parse argv flags debug ndots retry recurse');
    expect(r.chunks.some((c) => c.path === 'src/cli/flags.py')).toBe(false);
    await p.index('docs/');
    expect((await p.stored()).has('docs/guide.md')).toBe(false);
  });

  test('changing the embedding model builds a fresh collection; the old one stays usable', async () => {
    const p = setup();
    const a = await p.index('.');
    const other = env.config({ embedding_model: 'mxbai-embed-large' });
    expect(collectionName(p.workspaceId, 'mxbai-embed-large')).not.toBe(collectionName(p.workspaceId, 'nomic-embed-text'));
    const b = await p.index('.', other);
    expect(b).toMatchObject({ embedded: a.chunks, skippedUnchanged: 0 });
    expect(embedCalls(env.ollama).at(-1)!.body.model).toBe('mxbai-embed-large');
    expect(await p.stored(other)).toEqual(await p.stored());
    // "name" and "name:latest" are one model, as in Ollama.
    expect((await p.index('.', env.config({ embedding_model: 'nomic-embed-text:latest' }))).embedded).toBe(0);
  });

  test('an embedding call failing halfway leaves whole files only, and the next run continues', async () => {
    const p = setup(manyFiles(30));
    const expected = new Map<string, string[]>();
    for (const [rel, content] of Object.entries(manyFiles(30))) expected.set(rel, (await chunkFile(rel, content)).map((c) => c.id).sort());
    const proxy = await failingProxy(env.ollama.url, 2);
    try {
      const err = await p.index('.', env.config({ ollama_host: proxy.url })).catch((e) => e);
      expect(err).toBeInstanceOf(RagError);
      expect(err.message).toMatch(/Embedding failed.*llama runner process has terminated/);
    } finally {
      await proxy.close();
    }
    const partial = await p.stored();
    expect(partial.size).toBeGreaterThan(0);
    for (const [rel, ids] of partial) expect(ids, rel).toEqual(expected.get(rel)); // no half-indexed file
    const storedChunks = [...partial.values()].reduce((n, ids) => n + ids.length, 0);
    const resumed = await p.index('.');
    expect(resumed.embedded).toBe(90 - storedChunks);
    expect(resumed.skippedUnchanged).toBe(storedChunks);
    expect(await p.stored()).toEqual(expected);
  });

  test('binary, non-UTF-8 and minified files are skipped and counted', async () => {
    const p = setup({
      ...project,
      'assets/logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]),
      'legacy/latin1.txt': Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]),
      'web/vendor.js': `!function(){${'var a=1;'.repeat(5000)}}();`,
      'data/blob.dat': Buffer.from([1, 2, 0, 3]),
    });
    const s = await p.index('.');
    expect(s.skipped).toMatchObject({ binary: 2, notUtf8: 1, minified: 1 });
    expect(s.files).toBe(5);
  });

  test('a file changed since indexing is returned as its current code, marked stale', async () => {
    const p = setup();
    await p.index('.');
    p.write('src/net/dns.rs', `// moved down\n\n${project['src/net/dns.rs'].replace('let n = socket.recv', 'let received = socket.recv')}`);
    const r = await p.retrieve('resolve a hostname with the nameserver over udp before the timeout', p.config, 1);
    expect(r.chunks[0]).toMatchObject({ path: 'src/net/dns.rs', stale: true });
    expect(r.chunks[0].text).toContain('let received = socket.recv');
  });

  test('results fit the token budget', async () => {
    const p = setup(manyFiles(10));
    await p.index('.');
    const r = await retrieve({ config: p.config, dataDir: env.tmp, chroma: env.service, workspaceId: p.workspaceId, query: 'handler compute value step', k: 10, tokens: 300 });
    expect(r.tokens).toBeLessThanOrEqual(300);
    expect(r.chunks.length).toBeGreaterThan(0);
  });
});

describe('bad input', () => {
  test('an embedding model that is not pulled: the exact ollama pull to run; retrieval reports off', async () => {
    const bare = new ScriptedOllama({ models: ['qwen2.5-coder:7b'] });
    await bare.start();
    try {
      const p = setup();
      const err = await p.index('.', env.config({ ollama_host: bare.url })).catch((e) => e);
      expect(err).toBeInstanceOf(RagError);
      expect(err.code).toBe('model_missing');
      expect(err.message).toContain('Run: ollama pull nomic-embed-text');
      await p.index('.');
      const r = await p.retrieve('dns', env.config({ ollama_host: bare.url }));
      expect(r).toMatchObject({ status: 'off', chunks: [] });
      expect(r.reason).toContain('ollama pull nomic-embed-text');
    } finally {
      await bare.stop();
    }
  });

  test('paths outside the workspace or missing are refused with a reason', async () => {
    const p = setup();
    await expect(p.index('../')).rejects.toMatchObject({ code: 'bad_path', message: expect.stringContaining('outside the workspace') });
    await expect(p.index('sorc')).rejects.toMatchObject({ code: 'bad_path', message: expect.stringContaining('Did you mean: src/') });
  });

  test('nothing indexed yet: retrieval says so and how to index', async () => {
    const p = setup();
    const r = await p.retrieve('anything');
    expect(r.status).toBe('empty');
    expect(r.reason).toContain('/index src/');
  });

  test('a second index run of the same workspace while one is running is refused', async () => {
    const p = setup(manyFiles(5));
    const first = p.index('.');
    await expect(p.index('.')).rejects.toMatchObject({ code: 'busy' });
    await first;
  });
});
