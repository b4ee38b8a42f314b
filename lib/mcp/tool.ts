// An MCP server's tool as a registry tool (`server__tool`): its own JSON
// schema, checked by runTool like any tool's, and the same policy as
// run_shell: shell_policy = deny refuses it, a deny pattern refuses it, and
// the user is asked unless the server is marked trusted = true. What it
// answers is hostile: flattened to text, fitted to the tool-result budget
// here, secrets redacted by runTool.
import { deniedBy, MAX_COMMAND_CHARS } from '../tools/run_shell';
import { fitText } from '../tools/output';
import { clipLine } from '../tools/output';
import type { Tool } from '../tools/types';
import type { McpService, McpToolInfo } from './types';

export function mcpTool(mcp: McpService, server: string, info: McpToolInfo): Tool<Record<string, unknown>> {
  return {
    name: info.exposed,
    description: `${info.description || info.name} (tool "${info.name}" of the MCP server "${server}")`,
    parameters: info.inputSchema,
    async run(args, ctx) {
      const s = ctx.settings;
      if (s.shellPolicy === 'deny') {
        return { ok: false, content: `Refused: MCP tools run under the shell policy, and it is deny here (shell_policy = deny). Use the built-in tools instead.` };
      }
      const shown = clipLine(`${info.exposed} ${JSON.stringify(args)}`, MAX_COMMAND_CHARS);
      const pattern = deniedBy(shown, s.shellDenyPatterns);
      if (pattern !== null) return { ok: false, content: `Refused: the call matches the deny pattern /${pattern}/ (shell_deny_patterns). Do not retry it; find another way.` };
      if (!mcp.trusted(server)) {
        const note = `MCP server "${server}" is not marked trusted = true in the machine config`;
        if (!ctx.approve) return { ok: false, content: `Refused: ${note}, so its calls need the user's approval, and no one can approve right now.` };
        if (!(await ctx.approve(shown, note))) {
          return { ok: false, content: 'The user declined this tool call. Do not retry it; continue another way or ask the user.' };
        }
      }
      if (ctx.signal.aborted) return { ok: false, content: 'Cancelled before the call started.', killed: true };
      const r = await mcp.call(server, info.name, args, { signal: ctx.signal, timeoutMs: s.shellTimeoutSeconds * 1000 });
      return { ok: r.ok, content: fitText(r.content, s.resultTokens, { hint: `the rest of ${info.exposed}'s answer was cut to fit` }) };
    },
  };
}
