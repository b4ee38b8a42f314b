// The one path every model call takes: a route picks a host of the persona's
// provider, holds the model there (Ollama residency), streams the call
// through the provider kind's driver, and fails over once to another host.
import type { ChatCall, ChatResult } from '../client';
import type { LeaseRequest, ModelLease } from '../arbiter';
import type { ModelInfo } from '../model-info';

export type ProviderKind = 'ollama' | 'openai';

/** One streamed call on one host, as a kind's driver makes it. */
export interface DriverCall extends ChatCall {
  apiKey?: string;
}

export interface DriverResult extends ChatResult {
  /** The host itself failed (unreachable, broke off, 5xx): worth marking down and trying another. */
  hostDown?: boolean;
}

/** What a host says when probed: the models it serves, and those it has loaded where the kind can tell. */
export interface Probe {
  models: string[];
  /** Ollama /api/ps; null for a kind that cannot tell (openai). */
  loaded: string[] | null;
  /** Context windows the server reports per model (vLLM's `max_model_len`, llama.cpp's `meta.n_ctx_train`). */
  contextLengths?: Record<string, number>;
}

/** The small interface in front of a server kind. */
export interface ProviderDriver {
  kind: ProviderKind;
  chat(call: DriverCall): Promise<DriverResult>;
  probe(host: string, apiKey: string, signal: AbortSignal): Promise<Probe>;
}

export interface RouteCall extends Omit<ChatCall, 'host'> {
  /**
   * The host broke off after part of the reply had streamed and the call
   * starts again from the beginning on `to`: the caller closes what it showed
   * as partial and shows the new reply as a new message.
   */
  onRestart?: (r: { from: string; to: string; error: string }) => void;
}

export interface RoutedResult extends DriverResult {
  provider: string;
  host: string;
}

/** What the loop and the budgets ask about a model (Ollama: /api/show per host). */
export interface ModelInfoSource {
  get(model: string): Promise<ModelInfo | null>;
  peek(model: string): ModelInfo | undefined;
  nativeTools(model: string): Promise<boolean>;
  markNoTools(model: string): void;
}

export interface ModelRoute {
  /** The provider's name; 'ollama_host' for the default. */
  provider: string;
  kind: ProviderKind;
  info: ModelInfoSource;
  /** Ollama keep_alive for chat requests; undefined for a kind without residency control. */
  keepAlive?: string;
  /** Hold the model for a run of calls: on Ollama, residency on the host the calls will go to. */
  acquire(req: LeaseRequest): Promise<ModelLease>;
  chat(call: RouteCall): Promise<RoutedResult>;
}

export type HostHealth = 'up' | 'down' | 'unknown';

export interface HostStatus {
  url: string;
  state: HostHealth;
  error?: string;
  checkedAt?: number;
  /** Calls running on it now. */
  busy: number;
  /** Models loaded now (Ollama /api/ps); null where the kind cannot tell. */
  loaded: string[] | null;
  models: string[];
}

export interface ProviderStatus {
  name: string;
  kind: ProviderKind;
  /** The built-in provider made of ollama_host. */
  builtIn: boolean;
  hosts: HostStatus[];
  /** Persona provider keys naming it. */
  usedBy: string[];
}
