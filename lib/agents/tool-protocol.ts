// How one agent run offers its tools to the model: natively (`tools` in the
// request), or through the text protocol (lib/llm/text-tools.ts) for a model
// its host says cannot take them, or that refused them with Ollama's 400
// "does not support tools". The loop asks this what to send.
import { estimateTokens, estimateTools } from '../llm/budget';
import type { ChatMessage, OllamaTool } from '../llm/client';
import { isNoToolsError, type ModelInfoCache } from '../llm/model-info';
import { TEXT_NUDGE, textToolsPrompt, toTextProtocol } from '../llm/text-tools';
import type { EventBody } from '../runs/events';

/** The part of a host's model info cache the loop uses. */
export type ToolSupport = Pick<ModelInfoCache, 'nativeTools' | 'markNoTools'>;

export class ToolProtocol {
  private constructor(
    private readonly model: string,
    private readonly schemas: OllamaTool[],
    private readonly emit: (e: EventBody) => unknown,
    private readonly info: ToolSupport | undefined,
    public text: boolean,
  ) {}

  static async choose(model: string, schemas: OllamaTool[], emit: (e: EventBody) => unknown, info?: ToolSupport): Promise<ToolProtocol> {
    const text = schemas.length > 0 && info !== undefined && !(await info.nativeTools(model));
    const p = new ToolProtocol(model, schemas, emit, info, text);
    if (text) p.tell(`${model} has no native tool calling (Ollama's /api/show lists no "tools" for it, or its server refused tools before): its tools are described in the prompt and its calls read from its text.`);
    return p;
  }

  /** Tokens the tools take: the schemas sent, or their description in the system prompt. */
  get tokens(): number {
    if (!this.schemas.length) return 0;
    return this.text ? estimateTokens(textToolsPrompt(this.schemas)) : estimateTools(this.schemas);
  }

  /** The request's messages and tools for this protocol. */
  request(messages: ChatMessage[]): { messages: ChatMessage[]; tools: OllamaTool[] } {
    return this.text ? { messages: toTextProtocol(messages, this.schemas), tools: [] } : { messages, tools: this.schemas };
  }

  /** A refusal of native tools switches to the text protocol (remembered for the model); true: send the step again. */
  fallback(error: string | undefined, content: string): boolean {
    if (this.text || !this.schemas.length || content || !isNoToolsError(error)) return false;
    this.text = true;
    this.info?.markNoTools(this.model);
    this.tell(`The model server says ${this.model} does not support tools: its tools are described in the prompt and its calls read from its text from now on.`);
    return true;
  }

  /** A <tool_call> tag is this protocol working, not a salvaged reply. */
  isSalvage(kind: string): boolean {
    return !(this.text && kind === 'tool_call_tag');
  }

  nudge(message: string): string {
    return this.text ? `${message}\n\n${TEXT_NUDGE}` : message;
  }

  private tell(message: string) {
    this.emit({ type: 'warning', code: 'text_tools', message });
  }
}
