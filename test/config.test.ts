import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describeConfig, loadConfig, normalizeOllamaHost, numCtxFor, redact } from '../lib/config';

// Real folders as home and workspace; removed after each test.
const made: string[] = [];
function setup(files: { machine?: string; project?: string } = {}) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ca-home-'));
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'ca-ws-'));
  made.push(home, ws);
  const machine = path.join(home, '.code-assistant', 'config.toml');
  const project = path.join(ws, 'ca.config');
  if (files.machine !== undefined) {
    fs.mkdirSync(path.dirname(machine), { recursive: true });
    fs.writeFileSync(machine, files.machine);
  }
  if (files.project !== undefined) fs.writeFileSync(project, files.project);
  const load = (env: Record<string, string | undefined> = {}) => loadConfig({ homeDir: home, workspace: ws, env });
  return { home, ws, machine, project, load };
}
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('loadConfig', () => {
  it('uses the schema defaults when nothing is configured', () => {
    const { home, load } = setup();
    const c = load();
    expect(c.values.implementer_model).toBe('qwen2.5-coder:14b');
    expect(c.values.shell_timeout_seconds).toBe(120);
    expect(c.values.ollama_host).toBe('http://127.0.0.1:11434');
    expect(c.provenance.implementer_model).toEqual({ layer: 'default' });
    expect(c.issues).toEqual([]);
    expect(c.dataDir).toBe(path.join(home, '.code-assistant'));
  });

  it('stacks machine < project < env and records who set each value', () => {
    const { machine, project, load } = setup({
      machine: 'implementer_model = "m-machine"\nreviewer_model = "r-machine"\narchitect_model = "a-machine"\n',
      project: 'implementer_model = "m-project"\nreviewer_model = "r-project"\n',
    });
    const c = load({ CA_IMPLEMENTER_MODEL: 'm-env' });
    expect(c.values.implementer_model).toBe('m-env');
    expect(c.provenance.implementer_model).toEqual({ layer: 'env', source: 'CA_IMPLEMENTER_MODEL' });
    expect(c.values.reviewer_model).toBe('r-project');
    expect(c.provenance.reviewer_model).toEqual({ layer: 'project', source: project });
    expect(c.values.architect_model).toBe('a-machine');
    expect(c.provenance.architect_model).toEqual({ layer: 'machine', source: machine });
    expect(c.provenance.tester_model.layer).toBe('default');
    expect(c.issues).toEqual([]);
  });

  it('skips the project layer without a workspace', () => {
    const { home } = setup({ project: 'implementer_model = "x"\n' });
    const c = loadConfig({ homeDir: home, workspace: null, env: {} });
    expect(c.values.implementer_model).toBe('qwen2.5-coder:14b');
    expect(c.files.project).toBeNull();
  });

  it('coerces environment text to numbers, lists and num_ctx tables', () => {
    const { load } = setup();
    const c = load({
      CA_SHELL_TIMEOUT_SECONDS: '30',
      CA_SHELL_POLICY: 'auto',
      CA_NUM_CTX: 'qwen2.5-coder:14b=16384, llama3.1=32768',
      CA_SHELL_DENY_PATTERNS: 'rm -rf, shutdown',
    });
    expect(c.values.shell_timeout_seconds).toBe(30);
    expect(c.values.shell_policy).toBe('auto');
    expect(c.values.num_ctx).toEqual({ 'qwen2.5-coder:14b': 16384, 'llama3.1': 32768 });
    expect(c.values.shell_deny_patterns).toEqual(['rm -rf', 'shutdown']);
    expect(c.issues).toEqual([]);

    // JSON forms keep commas inside regexes.
    const j = load({ CA_SHELL_DENY_PATTERNS: '["a{1,3}", "b"]', CA_NUM_CTX: '{"m": 4096}' });
    expect(j.values.shell_deny_patterns).toEqual(['a{1,3}', 'b']);
    expect(j.values.num_ctx).toEqual({ m: 4096 });

    const bad = load({ CA_SHELL_TIMEOUT_SECONDS: 'soon', CA_NUM_CTX: 'oops' });
    expect(bad.values.shell_timeout_seconds).toBe(120);
    expect(bad.values.num_ctx).toEqual({});
    expect(bad.issues.map((i) => i.message).join('\n')).toMatch(/CA_SHELL_TIMEOUT_SECONDS.*expected number/);
    expect(bad.issues.map((i) => i.message).join('\n')).toMatch(/CA_NUM_CTX.*model=number/);
  });

  it('reads OLLAMA_HOST in its short forms, and CA_OLLAMA_HOST wins', () => {
    const { load } = setup();
    expect(load({ OLLAMA_HOST: 'gpu-box:11500' }).values.ollama_host).toBe('http://gpu-box:11500');
    expect(load({ OLLAMA_HOST: '0.0.0.0' }).values.ollama_host).toBe('http://127.0.0.1:11434');
    expect(load({ OLLAMA_HOST: '0.0.0.0:8080' }).values.ollama_host).toBe('http://127.0.0.1:8080');
    expect(load({ OLLAMA_HOST: 'https://ollama.example.com/' }).values.ollama_host).toBe('https://ollama.example.com:443');
    const both = load({ OLLAMA_HOST: 'other:1', CA_OLLAMA_HOST: 'http://mine:2' });
    expect(both.values.ollama_host).toBe('http://mine:2');
    expect(both.provenance.ollama_host).toEqual({ layer: 'env', source: 'CA_OLLAMA_HOST' });
    expect(load({ OLLAMA_HOST: 'x:3' }).provenance.ollama_host).toEqual({ layer: 'env', source: 'OLLAMA_HOST' });
    expect(normalizeOllamaHost(':9999')).toBe('http://127.0.0.1:9999');
    expect(normalizeOllamaHost('ftp://x')).toBeNull();
  });

  it('reports malformed TOML with file and line, and still applies the other layers', () => {
    const { project, load } = setup({
      machine: 'architect_model = "a-machine"\n',
      project: 'reviewer_model = "r"\nimplementer_model = = "broken"\n',
    });
    const c = load({ CA_QUICK_MODEL: 'q-env' });
    const err = c.issues.find((i) => i.level === 'error');
    expect(err).toMatchObject({ file: project, line: 2 });
    expect(err!.message).toContain(project);
    expect(err!.message).toContain('line 2');
    expect(c.values.reviewer_model).toBe('qwen2.5-coder:7b'); // whole file skipped
    expect(c.values.architect_model).toBe('a-machine');
    expect(c.values.quick_model).toBe('q-env');
  });

  it('falls back to the lower layer for an invalid value, with an error naming key and file', () => {
    const { project, load } = setup({
      machine: 'shell_timeout_seconds = 60\n',
      project: 'shell_policy = "ask"\nshell_timeout_seconds = "soon"\n',
    });
    const c = load();
    expect(c.values.shell_timeout_seconds).toBe(60);
    expect(c.provenance.shell_timeout_seconds.layer).toBe('machine');
    const err = c.issues.find((i) => i.key === 'shell_timeout_seconds')!;
    expect(err).toMatchObject({ level: 'error', file: project, line: 2 });
    expect(err.message).toMatch(/shell_timeout_seconds.*expected number.*machine value/);

    const out = load({ CA_SHELL_TIMEOUT_SECONDS: '99999', CA_SHELL_POLICY: 'never' });
    expect(out.values.shell_timeout_seconds).toBe(60);
    expect(out.values.shell_policy).toBe('ask');
    expect(out.issues.map((i) => i.message).join('\n')).toMatch(/CA_SHELL_POLICY.*"auto"\|"ask"\|"deny"/);
  });

  it('warns about unknown keys and tables, suggesting a close known key', () => {
    const { project, load } = setup({ project: 'implementor_model = "x"\n\n[models]\nimplementer = "y"\n' });
    const c = load({ CA_IMPLEMENTOR_MODEL: 'z', CA_CERT_FILE: '/etc/ssl/x.pem' });
    const warns = c.issues.filter((i) => i.level === 'warning');
    expect(warns.find((w) => w.key === 'implementor_model')).toMatchObject({ file: project, line: 1 });
    expect(warns.find((w) => w.key === 'implementor_model')!.message).toContain('did you mean "implementer_model"');
    expect(warns.find((w) => w.key === 'models')).toMatchObject({ file: project, line: 3 });
    expect(warns.find((w) => w.key === 'models')!.message).toContain('Unknown table [models]');
    expect(warns.some((w) => w.message.includes('did you mean CA_IMPLEMENTER_MODEL'))).toBe(true);
    expect(warns.some((w) => w.message.includes('CA_CERT_FILE'))).toBe(false); // not ours, not close
    expect(c.values.implementer_model).toBe('qwen2.5-coder:14b');
    expect(c.issues.every((i) => i.level === 'warning')).toBe(true);
  });

  it('refuses machine-only keys in ca.config but takes them from the machine file and env', () => {
    const secret = 'sk-ant-project-0000000000PROJ';
    const { machine, load } = setup({
      machine: 'anthropic_api_key = "sk-ant-machine-1111111111MACH"\n',
      project: `anthropic_api_key = "${secret}"\ndata_dir = "/tmp/elsewhere"\n`,
    });
    const c = load();
    expect(c.values.anthropic_api_key).toBe('sk-ant-machine-1111111111MACH');
    expect(c.provenance.anthropic_api_key).toEqual({ layer: 'machine', source: machine });
    expect(c.values.data_dir).toBe('~/.code-assistant');
    const warns = c.issues.filter((i) => i.level === 'warning');
    expect(warns.map((w) => w.key).sort()).toEqual(['anthropic_api_key', 'data_dir']);
    expect(warns[0]!.message).toContain(machine);
    expect(warns[0]!.message).toContain('machine-only');
    expect(JSON.stringify(c.issues)).not.toContain(secret);

    const e = load({ CA_SERPER_API_KEY: 'serper-env-key-2222', CA_ANTHROPIC_API_KEY: 'sk-env-3333333333ENVV' });
    expect(e.values.serper_api_key).toBe('serper-env-key-2222');
    expect(e.values.anthropic_api_key).toBe('sk-env-3333333333ENVV');
    expect(e.provenance.anthropic_api_key).toEqual({ layer: 'env', source: 'CA_ANTHROPIC_API_KEY' });
  });

  it('merges num_ctx per model across layers', () => {
    const { project, load } = setup({
      machine: 'default_num_ctx = 4096\n[num_ctx]\n"qwen2.5-coder:14b" = 16384\n"llama3.1" = 8192\n',
      project: '[num_ctx]\n"llama3.1" = 32768\n"tiny" = 10\n',
    });
    const c = load({ CA_NUM_CTX: 'phi4=12000' });
    expect(c.values.num_ctx).toEqual({ 'qwen2.5-coder:14b': 16384, 'llama3.1': 32768, phi4: 12000 });
    expect(c.provenance.num_ctx).toEqual({ layer: 'env', source: 'CA_NUM_CTX' });
    expect(c.issues).toHaveLength(1); // "tiny" is below the 512 minimum
    expect(c.issues[0]).toMatchObject({ level: 'error', file: project });
    expect(c.issues[0]!.message).toContain('tiny');
    expect(numCtxFor(c.values, 'llama3.1')).toBe(32768);
    expect(numCtxFor(c.values, 'llama3.1:latest')).toBe(32768);
    expect(numCtxFor(c.values, 'unknown:7b')).toBe(4096);
  });

  it('hints at quoting when a dotted model name became a nested table', () => {
    const { load } = setup({ machine: '[num_ctx]\nqwen2.5 = 16384\n' });
    const c = load();
    expect(c.values.num_ctx).toEqual({});
    expect(c.issues[0]!.message).toMatch(/quote model names/);
  });

  it('expands ~ in data_dir and makes it absolute', () => {
    const { home, load } = setup({ machine: 'data_dir = "~/ca-data"\n' });
    expect(load().dataDir).toBe(path.join(home, 'ca-data'));
    const abs = path.join(home, 'abs');
    expect(load({ CA_DATA_DIR: abs }).dataDir).toBe(abs);
    expect(load({ CA_DATA_DIR: 'rel' }).dataDir).toBe(path.resolve('rel'));
  });
});

describe('display', () => {
  it('redacts secrets and never prints them', () => {
    const secret = 'sk-ant-api03-VERYSECRETVALUE-abcd';
    expect(redact('anthropic_api_key', secret)).toBe('set (…abcd)');
    expect(redact('anthropic_api_key', '')).toBe('not set');
    expect(redact('serper_api_key', 'short')).toBe('set');
    expect(redact('implementer_model', 'm')).toBe('m');

    const { load } = setup();
    const rows = describeConfig(load({ CA_ANTHROPIC_API_KEY: secret, CA_SHELL_TIMEOUT_SECONDS: '30' }));
    expect(JSON.stringify(rows)).not.toContain('VERYSECRET');
    expect(rows.find((r) => r.key === 'anthropic_api_key')).toMatchObject({
      value: 'set (…abcd)',
      layer: 'env',
      source: 'CA_ANTHROPIC_API_KEY',
      machineOnly: true,
      secret: true,
    });
    expect(rows.find((r) => r.key === 'shell_timeout_seconds')).toMatchObject({ value: '30', layer: 'env', machineOnly: false });
    expect(rows.find((r) => r.key === 'serper_api_key')!.value).toBe('not set');
  });
});
