// The text tool protocol's two halves: the format the prompt asks for is one
// the recovery layer reads back exactly, and a conversation with native calls
// and tool results becomes one a model without tool support can read.
import { describe, expect, it } from 'vitest';
import { recoverToolCalls } from '../../lib/llm/recovery';
import { TEXT_CALL_EXAMPLE, textToolsPrompt, toTextProtocol } from '../../lib/llm/text-tools';
import { toolSchemas } from '../../lib/tools';
import type { ChatMessage, OllamaTool } from '../../lib/llm/client';

const schemas = toolSchemas(['read_file', 'write_file', 'run_shell']) as unknown as OllamaTool[];

describe('text tool protocol', () => {
  it('asks for a format the recovery layer parses exactly', () => {
    const prompt = textToolsPrompt(schemas);
    expect(prompt).toContain(TEXT_CALL_EXAMPLE);
    for (const name of ['read_file', 'write_file', 'run_shell']) expect(prompt).toContain(`## ${name}`);
    const got = recoverToolCalls(`Sure.\n${TEXT_CALL_EXAMPLE}\n${TEXT_CALL_EXAMPLE.replace('hello.py', 'b.py')}`, ['write_file']);
    expect(got.errors).toEqual([]);
    expect(got.calls).toEqual([
      { name: 'write_file', arguments: { path: 'hello.py', content: 'print("hello")\n' }, kind: 'tool_call_tag' },
      { name: 'write_file', arguments: { path: 'b.py', content: 'print("hello")\n' }, kind: 'tool_call_tag' },
    ]);
  });

  it('turns native calls and tool results into text the model can read', () => {
    const messages: ChatMessage[] = [
      { role: 'system', content: 'You are the Implementer.' },
      { role: 'user', content: 'read a and b' },
      // An earlier turn on a model with native tools: no text in the assistant message.
      { role: 'assistant', content: '', tool_calls: [{ function: { name: 'read_file', arguments: { path: 'a' } } }, { function: { name: 'read_file', arguments: { path: 'b' } } }] },
      { role: 'tool', content: 'A', tool_name: 'read_file' },
      { role: 'tool', content: 'B', tool_name: 'read_file' },
      { role: 'assistant', content: 'Both read.' },
    ];
    const out = toTextProtocol(messages, schemas);
    expect(out.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant']);
    expect(out[0].content.startsWith('You are the Implementer.\n\n# Tools')).toBe(true);
    expect(recoverToolCalls(out[2].content, ['read_file']).calls.map((c) => c.arguments)).toEqual([{ path: 'a' }, { path: 'b' }]);
    expect(out[3].content).toBe('Tool result (read_file):\nA\n\nTool result (read_file):\nB');
    expect(out.some((m) => m.tool_calls)).toBe(false);
    // The stored conversation is not changed.
    expect(messages[3].role).toBe('tool');
  });
});
