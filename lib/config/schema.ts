// The one list of settings. Keys are flat snake_case so that every key has an
// obvious environment variable: CA_ + upper case (implementer_model ->
// CA_IMPLEMENTER_MODEL), as the article's config layering does.
import { z } from 'zod';

export const PERSONA_MODEL_KEYS = [
  'architect_model',
  'implementer_model',
  'reviewer_model',
  'tester_model',
  'quick_model',
  'embedding_model',
] as const;
export type PersonaModelKey = (typeof PERSONA_MODEL_KEYS)[number];

/**
 * Refused early as obvious mistakes, matched against the command as written
 * and with quotes and backslashes removed (so `rm -rf "/"` and `s''udo` are
 * caught). Only words in command position count (after a separator or
 * `env`, `exec`, `xargs`, ..., with or without a path), so `grep -r sudo .`
 * runs. Each pattern is linear in the command's length: no start position
 * can rescan what another one scanned (separators are not in the classes).
 */
const AT_COMMAND = '(^|[;&|(`{\\n!])[ \\t]*((env|exec|command|nohup|time|nice|xargs|then|do|else|if|while|until)[ \\t]+)*([\\w.~-]*/)*';
export const DEFAULT_DENY_PATTERNS = [
  `${AT_COMMAND}(sudo|doas|pkexec)\\b`,
  `${AT_COMMAND}su(\\s|$)`,
  `${AT_COMMAND}rm[ \\t]+(-\\S+[ \\t]+)*(/|~|\\$\\{?HOME\\}?)(\\*|/)?(\\s|$|[;&|)])`,
  `${AT_COMMAND}mkfs`,
  ':\\(\\)\\s*\\{',
  `${AT_COMMAND}dd\\s[^;&|\\n]*of=/dev/(sd|hd|vd|xvd|nvme|mmcblk|disk|mapper|dm-)`,
  '\\|\\s*(sudo\\s+)?(ba|z|da|k)?sh\\b',
];

/** One model server: its kind and one or more hosts serving the same models. */
function providerSchema() {
  return z.strictObject({
    kind: z.enum(['ollama', 'openai']),
    urls: z.array(z.string().url()).min(1).max(16),
    // Sent as a Bearer token to an openai-kind server; a secret (redacted everywhere, machine-only).
    api_key: z.string().default(''),
  });
}
export type ProviderConfig = z.infer<ReturnType<typeof providerSchema>>;

/** One [mcp_servers.NAME] table: a stdio command or a Streamable HTTP url. */
export const mcpServerSchema = z
  .strictObject({
    command: z.string().min(1).optional(),
    args: z.array(z.string()).default([]),
    env: z.record(z.string(), z.string()).default({}),
    url: z.url({ protocol: /^https?$/ }).optional(),
    headers: z.record(z.string(), z.string()).default({}),
    /** Allow-list of the server's tool names; absent: all of them. */
    tools: z.array(z.string()).optional(),
    /** Calls run without asking (shell_policy = deny still refuses them). */
    trusted: z.boolean().default(false),
  })
  .refine((s) => !!s.command !== !!s.url, { message: 'set either command (stdio) or url (Streamable HTTP), not both' });
export type McpServerConfig = z.infer<typeof mcpServerSchema>;

export const configSchema = z.object({
  // Models per persona. The Architect stays small even when the Implementer grows.
  architect_model: z.string().min(1).default('qwen2.5-coder:7b'),
  implementer_model: z.string().min(1).default('qwen2.5-coder:14b'),
  reviewer_model: z.string().min(1).default('qwen2.5-coder:7b'),
  tester_model: z.string().min(1).default('qwen2.5-coder:7b'),
  quick_model: z.string().min(1).default('qwen2.5-coder:7b'),
  embedding_model: z.string().min(1).default('nomic-embed-text'),

  // Ollama's own default context is small and truncates silently, so every
  // request sets num_ctx: per model name here, else default_num_ctx.
  num_ctx: z.record(z.string(), z.number().int().min(512)).default({}),
  default_num_ctx: z.number().int().min(512).default(8192),
  ollama_host: z.string().url().default('http://127.0.0.1:11434'),
  // Model servers beside ollama_host (lib/llm/providers), machine config only: [providers.NAME] kind, urls, api_key.
  providers: z.record(z.string().regex(/^[\w-]{1,40}$/, 'provider names are letters, digits, _ and -'), providerSchema()).default({}),
  // Which provider each persona's model lives on; empty: ollama_host (a project may name one, never define one).
  architect_provider: z.string().max(40).default(''),
  implementer_provider: z.string().max(40).default(''),
  reviewer_provider: z.string().max(40).default(''),
  tester_provider: z.string().max(40).default(''),
  quick_provider: z.string().max(40).default(''),
  // Chat models resident at once on a host, for chat, pipeline and benchmark
  // alike: 1 fits 7b + 14b on a 32 GB machine without VRAM.
  max_resident_models: z.number().int().min(1).max(8).default(1),

  // Tools. The approval policy (who says yes) is separate from the sandbox
  // (what a command can reach once it runs), as in Codex CLI.
  shell_policy: z.enum(['auto', 'ask', 'deny']).default('ask'),
  // A convenience that refuses obvious mistakes early; the sandbox is the protection.
  shell_deny_patterns: z.array(z.string()).default(DEFAULT_DENY_PATTERNS),
  // bubblewrap on Linux: workspace-write (default), read-only, or off.
  shell_sandbox: z.enum(['workspace-write', 'read-only', 'off']).default('workspace-write'),
  // Network inside the sandbox; off by default.
  shell_network: z.boolean().default(false),
  shell_timeout_seconds: z.number().int().min(1).max(3600).default(120),
  // What one tool result may cost in the model's context (about 4 chars a token).
  tool_result_tokens: z.number().int().min(100).default(1000),
  // Files larger than this are refused by read_file (the UI can still show them).
  max_read_bytes: z.number().int().min(1024).default(2_000_000),
  max_agent_steps: z.number().int().min(1).max(200).default(25),
  // Run once after a chat turn's last edit (e.g. "npx tsc --noEmit", "cargo check --message-format short",
  // "ruff check"), under shell_policy and the sandbox like any run_shell; a failure goes back to the model once.
  check_command: z.string().max(10_000).default(''),
  // Compaction (lib/agents/compact.ts): when a session's history would take more than this share of num_ctx,
  // older turns are summarised by the Architect's model; the last compact_keep_turns turns stay verbatim.
  compact_history_share: z.number().min(0.1).max(0.95).default(0.6),
  compact_keep_turns: z.number().int().min(0).max(20).default(2),
  // The summary is model output: cut to this many tokens (and a quarter of num_ctx) before it is stored.
  compact_summary_tokens: z.number().int().min(128).max(8192).default(1024),

  // Pipeline mode: nobody is there to approve, so shell runs under its own policy
  // (deny patterns still apply); criteria commands that hang are killed.
  pipeline_shell_policy: z.enum(['auto', 'deny']).default('auto'),
  pipeline_implement_steps: z.number().int().min(1).max(200).default(30),
  pipeline_test_rounds: z.number().int().min(1).max(10).default(3),
  criteria_timeout_seconds: z.number().int().min(1).max(3600).default(300),

  // A server whose tool schemas would take more than this share of num_ctx is offered by name
  // (mcp_list_tools), not with every schema in every request.
  mcp_schema_share: z.number().min(0).max(1).default(0.15),

  // Code intelligence: the Symbol Map in every session prompt, and retrieval.
  symbol_map_tokens: z.number().int().min(0).default(1024),
  // AGENTS.md / CLAUDE.md instruction files (machine, root, nested) in a prompt, in bytes, all files together (lib/memory).
  instructions_max_bytes: z.number().int().min(0).max(1_000_000).default(8192),
  index_max_file_bytes: z.number().int().min(1024).default(1_000_000),
  // Source files the symbol index walks at most; a monorepo can raise it.
  index_max_files: z.number().int().min(1).default(25_000),
  rag_top_k: z.number().int().min(0).max(50).default(6),
  rag_context_tokens: z.number().int().min(0).default(1500),
  embed_batch_size: z.number().int().min(1).max(512).default(32),
  // Empty: start the Chroma server that ships in node_modules, data in the data folder.
  chroma_url: z.string().default(''),

  // Web tools.
  web_search_enabled: z.boolean().default(false),
  web_search_provider: z.enum(['duckduckgo', 'serper']).default('duckduckgo'),
  web_fetch_max_bytes: z.number().int().min(1024).default(2_000_000),
  web_timeout_seconds: z.number().int().min(1).max(120).default(15),
  // Benchmarks (lib/bench): the claude runner's model and its price per million tokens, in USD.
  claude_model: z.string().min(1).default('claude-sonnet-4-6'),
  claude_price_input_per_mtok: z.number().min(0).default(3),
  claude_price_output_per_mtok: z.number().min(0).default(15),

  // Machine-only keys: refused in a project ca.config so secrets and private
  // folders cannot be committed with a project.
  data_dir: z.string().min(1).default('~/.code-assistant'),
  session_dir: z.string().min(1).default('~/.code-assistant/sessions'),
  feedback_dir: z.string().min(1).default('~/.code-assistant/feedback'),
  anthropic_api_key: z.string().default(''),
  serper_api_key: z.string().default(''),
  // host or host:port entries fetch_url may reach although private/loopback (machine scope only).
  web_allow_hosts: z.array(z.string()).default([]),
  // MCP servers (lib/mcp): [mcp_servers.NAME] with command/args/env (stdio) or url/headers (Streamable HTTP).
  // Machine-only: a server runs a program or receives your code, so a repository must never add one.
  mcp_servers: z.record(z.string(), mcpServerSchema).default({}),
  // Largest chat message a request may carry; larger ones get 413.
  max_message_bytes: z.number().int().min(1024).default(200_000),
});

export type Config = z.infer<typeof configSchema>;
export type ConfigKey = keyof Config;

/**
 * Who may set a key. A project's ca.config comes with a cloned repository (or
 * from the model, which can write it), so it may tighten what the user
 * allowed but never loosen it:
 * - machine: every endpoint, key, folder, allow-list and the sandbox. Refused in a project.
 * - tighten: a project may move it only towards safer (see TIGHTEN_ORDER).
 * - free: models, budgets, context sizes.
 */
export type KeyScope = 'machine' | 'tighten' | 'free';

export const MACHINE_ONLY_KEYS: ReadonlySet<ConfigKey> = new Set<ConfigKey>([
  'data_dir',
  'session_dir',
  'feedback_dir',
  'anthropic_api_key',
  'serper_api_key',
  'web_allow_hosts',
  'ollama_host',
  // Endpoints and their keys: a repository must never send your code to a server it names.
  'providers',
  'chroma_url',
  'web_search_provider',
  'shell_sandbox',
  'shell_network',
  'max_message_bytes',
  // The machine's memory, not the project's.
  'max_resident_models',
  'mcp_servers',
]);

/** Enum keys ordered from loosest to tightest; a project may only move right. */
export const TIGHTEN_ORDER: Partial<Record<ConfigKey, readonly unknown[]>> = {
  shell_policy: ['auto', 'ask', 'deny'],
  pipeline_shell_policy: ['auto', 'deny'],
  // Web search sends the user's words to a search engine: a project may turn it off, never on.
  web_search_enabled: [true, false],
};

/**
 * Number keys a project may only lower: instruction files come with the
 * repository, so its ca.config cannot give them more of the prompt.
 */
export const LOWER_ONLY_KEYS: ReadonlySet<ConfigKey> = new Set<ConfigKey>(['instructions_max_bytes']);

/** List keys a project may only add to. */
export const ADD_ONLY_KEYS: ReadonlySet<ConfigKey> = new Set<ConfigKey>(['shell_deny_patterns']);

export function keyScope(key: ConfigKey): KeyScope {
  if (MACHINE_ONLY_KEYS.has(key)) return 'machine';
  if (Object.hasOwn(TIGHTEN_ORDER, key) || ADD_ONLY_KEYS.has(key) || LOWER_ONLY_KEYS.has(key)) return 'tighten';
  return 'free';
}

// Values never shown in full in the UI, events or logs.
export const SECRET_KEYS: ReadonlySet<ConfigKey> = new Set<ConfigKey>(['anthropic_api_key', 'serper_api_key']);

export type Layer = 'default' | 'machine' | 'project' | 'env';

export interface Provenance {
  layer: Layer;
  /** File path for machine/project layers, variable name for env. */
  source?: string;
}

export interface ConfigIssue {
  level: 'warning' | 'error';
  message: string;
  file?: string;
  line?: number;
  key?: string;
}

export interface LoadedConfig {
  values: Config;
  provenance: Record<ConfigKey, Provenance>;
  issues: ConfigIssue[];
  /** Absolute, ~-expanded data folder. */
  dataDir: string;
  /** Home folder used for the machine file and ~ expansion. */
  homeDir: string;
  /** The files consulted (they may not exist), for the settings page. */
  files: { machine: string; project: string | null };
}
