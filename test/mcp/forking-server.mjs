// A stdio MCP server that forks a long-lived child (as servers that wrap a
// CLI or a language server do): the child must end with the app too.
import { spawn } from 'node:child_process';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';

const child = spawn('sleep', ['1000'], { stdio: 'ignore' });
const server = new McpServer({ name: 'forking', version: '1.0.0' });
server.registerTool('child_pid', { description: 'The pid of the child this server forked.' }, async () => ({ content: [{ type: 'text', text: String(child.pid) }] }));
// Deliberately ignores SIGTERM, like a server stuck in a request would.
process.on('SIGTERM', () => {});
await server.connect(new StdioServerTransport());
