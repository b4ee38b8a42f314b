// The project's check command (check_command: "npx tsc --noEmit", "cargo check
// --message-format short", "ruff check"): run once after the turn's last edit,
// as a run_shell call (same policy, approval, sandbox and tail-first output),
// and a failure becomes one more step for the model before it finishes.
import type { ToolResult } from '../tools/types';

/** Runs the check through `run` (which reports the tool's result) and returns what the model should read, or null. */
export async function checkFeedback(command: string, run: (seen: (r: ToolResult) => void) => Promise<unknown>): Promise<string | null> {
  const box: { result?: ToolResult } = {};
  await run((r) => (box.result = r));
  const r = box.result;
  // Refused, declined or never started (no exit code): nothing the model can fix.
  if (!r || r.ok || r.exitCode === undefined) return null;
  return (
    `The project's check command (\`${command}\`, check_command in ca.config) reported problems after your edits:\n` +
    `${r.content}\n` +
    'Fix what it reports with edit_file, or say why it does not apply.'
  );
}
