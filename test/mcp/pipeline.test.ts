// The pipeline's Implementer is offered the configured MCP servers' allowed
// tools too (prompts/implementer.md names mcp:*), the other personas not.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPipeline } from '../../lib/pipeline/start';
import { testApp, type TestApp } from '../support/test-app';
import { BIG, REQUIREMENT, SMALL, scriptHappyPath, settle } from '../pipeline/support';
import { everything, writeMachineConfig } from './support';

let t: TestApp;
beforeEach(async () => {
  t = await testApp();
  writeMachineConfig(t.home, everything('every', 'tools = ["echo"]'));
});
afterEach(async () => {
  await t.app.mcp.close();
  await t.close();
});

describe('MCP tools in a pipeline', () => {
  it('the Implementer phases get every__echo; Architect, Reviewer and Tester do not', async () => {
    scriptHappyPath(t.ollama);
    const runId = startPipeline(t.app, REQUIREMENT, { path: t.workspace });
    await settle(t.app, runId);
    expect(t.events(runId).filter((e) => e.type === 'run_failed')).toEqual([]);
    const names = (r: { tools?: { function: { name: string } }[] }) => (r.tools ?? []).map((x) => x.function.name);
    const reqs = t.ollama.chatRequests();
    const implementer = reqs.filter((r) => r.model === BIG && names(r).includes('write_file'));
    expect(implementer.length).toBeGreaterThan(0);
    for (const r of implementer) expect(names(r)).toContain('every__echo');
    for (const r of reqs.filter((q) => q.model === SMALL)) expect(names(r)).not.toContain('every__echo');
  });
});
