// Phase 7, Tester: runs every criterion's command (with run_shell's process
// group and timeout, output streamed to the terminal view), up to
// pipeline_test_rounds rounds; failures with the tail of their output go back
// to the Implementer for a targeted fix. Then the Tester writes the summary.
import { randomUUID } from 'node:crypto';
import { loadPersona } from '../../agents/personas';
import { runTool } from '../../tools';
import { fitText } from '../../tools/output';
import { agent, criteriaList, materialBudget, pipelineToolSettings, type PhaseEnv } from '../env';
import { resultOf, writtenFiles } from '../state';
import type { Criterion, CriterionResult, ResultOf } from '../types';

const TAIL_TOKENS = 400;
const KEEP_OUTPUT = 256 * 1024;

export async function runCriterion(env: PhaseEnv, c: Criterion): Promise<CriterionResult> {
  const { ctx } = env;
  const callId = randomUUID();
  let output = '';
  ctx.emit({ type: 'tool_call', callId, tool: 'run_shell', args: { command: c.command, criterion: c.id } });
  const t0 = Date.now();
  const r = await runTool('run_shell', { command: c.command }, {
    workspace: env.workspace,
    signal: ctx.signal,
    settings: pipelineToolSettings(env.config, env.config.criteria_timeout_seconds),
    callId,
    // Asked only when the sandbox cannot start: then every command needs a yes, criteria included.
    approve: (command, note) => ctx.requestApproval(callId, 'run_shell', command, note),
    output: (stream, text) => {
      // Keep the end: that is where test runners print the verdict.
      output = (output + text).slice(-KEEP_OUTPUT);
      ctx.stream({ type: 'tool_output', callId, stream, text });
    },
  });
  const durationMs = Date.now() - t0;
  ctx.emit({ type: 'tool_result', callId, tool: 'run_shell', ok: r.ok, content: r.content, exitCode: r.exitCode, timedOut: r.timedOut, killed: r.killed, durationMs });
  const reason = r.ok
    ? undefined
    : r.timedOut
      ? `timed out after ${env.config.criteria_timeout_seconds} s (criteria_timeout_seconds); the command and its children were killed`
      : r.killed
        ? 'cancelled'
        : typeof r.exitCode === 'number'
          ? `exit code ${r.exitCode}`
          : r.content.split('\n')[0]!.slice(0, 200); // refused, or bash could not start
  const tail = output ? fitText(output, TAIL_TOKENS) : r.content;
  return { id: c.id, passed: r.ok, exitCode: r.exitCode ?? null, ...(r.timedOut ? { timedOut: true } : {}), durationMs, reason, tail };
}

function failureReport(env: PhaseEnv, crit: Criterion[], results: CriterionResult[], round: number): string {
  const failed = results.filter((r) => !r.passed);
  const share = Math.max(150, Math.floor(materialBudget(env, 'implementer', 0.4) / Math.max(1, failed.length)));
  const blocks = failed.map((r) => {
    const c = crit.find((x) => x.id === r.id)!;
    return `## ${c.id}: ${c.statement}\n$ ${c.command}\n[${r.reason}]\n\`\`\`\n${fitText(r.tail, share)}\n\`\`\``;
  });
  return [
    `# Acceptance tests, round ${round}: ${failed.length} of ${results.length} failed`,
    ...blocks,
    `# All criteria\n\n${criteriaList(crit)}`,
    '# Your task\n\nFix the code so the failing criteria pass, without breaking the others. Change the code, not the ' +
      'criteria commands. read_file first, then edit_file; run the failing command with run_shell to check. Reply with a short summary.',
  ].join('\n\n');
}

export async function test(env: PhaseEnv): Promise<ResultOf<'test'>> {
  const crit = resultOf(env.state(), 'criteria')?.criteria ?? [];
  const maxRounds = env.config.pipeline_test_rounds;
  let last: CriterionResult[] = [];
  let round = 0;
  if (!crit.length) {
    env.ctx.emit({ type: 'warning', code: 'no_criteria', message: 'There are no acceptance criteria with commands: nothing could be tested.' });
  }
  while (crit.length && round < maxRounds) {
    round++;
    last = [];
    for (const c of crit) last.push(await runCriterion(env, c));
    env.ctx.emit({ type: 'test_round', round, results: last });
    if (last.every((r) => r.passed) || round === maxRounds) break;
    await agent(env, {
      prompt: 'implementer',
      user: failureReport(env, crit, last, round),
      tools: loadPersona('implementer').tools,
      maxSteps: env.config.pipeline_implement_steps,
    });
  }
  const passed = last.filter((r) => r.passed).map((r) => r.id);
  const failed = last.filter((r) => !r.passed).map((r) => r.id);
  return { phase: 'test', rounds: round, passed, failed, summary: await summarise(env, crit, round) };
}

/** The Tester's summary for the report; a plain one when the model has nothing useful to say. */
async function summarise(env: PhaseEnv, crit: Criterion[], rounds: number): Promise<string> {
  const s = env.state();
  const files = writtenFiles(s).map((f) => `- ${f.path} (${f.lines} lines)`).join('\n') || '(none)';
  const matrix = s.rounds
    .map((rs, i) => `Round ${i + 1}: ${rs.map((r) => `${r.id} ${r.passed ? 'passed' : `failed (${r.reason})`}`).join(', ')}`)
    .join('\n');
  const implement = resultOf(s, 'implement')?.summary ?? '';
  const user = [
    `# Files written\n\n${files}`,
    `# The Implementer's summary\n\n${implement.slice(0, 2000) || '(none)'}`,
    `# Acceptance criteria\n\n${crit.length ? criteriaList(crit) : '(none with a command)'}`,
    `# Results\n\n${matrix || 'No round was run.'}`,
  ].join('\n\n');
  const text = (await agent(env, { prompt: 'tester', user })).trim();
  if (text) return text;
  return `${files === '(none)' ? 'No files were written.' : `Files written:\n${files}`}\n\n${rounds} test round(s) were run.`;
}
