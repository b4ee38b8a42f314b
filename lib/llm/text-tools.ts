// The text tool protocol, for models without native tool calling (Ollama
// answers 400 "does not support tools" when such a model gets `tools`). The
// tools are described in the system prompt with one exact call format, the
// Hermes `<tool_call>` tag most open models were trained on and the recovery
// layer parses strictly; no `tools` field is sent; tool results come back as
// user messages, since such a model's template may drop the `tool` role.
// Pure: the agent loop converts what it sends, and stores the conversation
// as it always does.
import type { ChatMessage, OllamaTool } from './client';

export const TEXT_CALL_EXAMPLE =
  '<tool_call>\n{"name": "write_file", "arguments": {"path": "hello.py", "content": "print(\\"hello\\")\\n"}}\n</tool_call>';

/** What the system prompt gains: the call format and every tool with its parameters. */
export function textToolsPrompt(tools: readonly OllamaTool[]): string {
  const list = tools.map((t) => {
    const f = t.function;
    return `## ${f.name}\n${f.description ?? ''}\nArguments (JSON schema): ${JSON.stringify(f.parameters ?? {})}`;
  });
  return [
    '# Tools',
    'You act by calling tools. Call a tool by writing exactly this in your reply, one call per block:',
    '',
    TEXT_CALL_EXAMPLE,
    '',
    'Rules: the block holds one JSON object with "name" and "arguments"; keys and strings in double quotes, ' +
      'newlines in strings as \\n and quotes as \\". Several blocks in one reply run in order. After your calls, stop: ' +
      'the results come back in the next message, each starting with "Tool result". Never write a result yourself. ' +
      'When the work is done, answer in plain text with no <tool_call> block.',
    '',
    '# Available tools',
    '',
    list.join('\n\n'),
  ].join('\n');
}

const renderCall = (c: { function: { name: string; arguments: unknown } }) =>
  `<tool_call>\n${JSON.stringify({ name: c.function.name, arguments: c.function.arguments ?? {} })}\n</tool_call>`;

/**
 * The conversation as a model without tool support reads it: the protocol in
 * the system prompt, calls as text in the assistant turns (earlier native
 * calls rendered in the protocol's format), results as user messages.
 */
export function toTextProtocol(messages: readonly ChatMessage[], tools: readonly OllamaTool[]): ChatMessage[] {
  const prompt = textToolsPrompt(tools);
  const out: ChatMessage[] = [];
  let hasSystem = false;
  for (const m of messages) {
    if (m.role === 'system' && !hasSystem) {
      hasSystem = true;
      out.push({ role: 'system', content: `${m.content}\n\n${prompt}` });
    } else if (m.role === 'assistant') {
      const calls = m.tool_calls ?? [];
      // The model's own text already holds its text calls; native ones from an earlier turn are written out.
      const written = calls.length && !m.content.includes('<tool_call>') ? calls.map(renderCall).join('\n') : '';
      out.push({ role: 'assistant', content: [m.content, written].filter(Boolean).join('\n') });
    } else if (m.role === 'tool') {
      const result = `Tool result (${m.tool_name ?? 'tool'}):\n${m.content}`;
      const prev = out.at(-1);
      // Results of one reply's calls arrive together, as one message.
      if (prev?.role === 'user' && prev.content.startsWith('Tool result')) prev.content += `\n\n${result}`;
      else out.push({ role: 'user', content: result });
    } else {
      out.push({ role: m.role, content: m.content, ...(m.images ? { images: m.images } : {}) });
    }
  }
  if (!hasSystem) out.unshift({ role: 'system', content: prompt });
  return out;
}

/** The nudge's reminder, for a model that must write its calls as text. */
export const TEXT_NUDGE = `Write each call as a block exactly like this:\n${TEXT_CALL_EXAMPLE}`;
