// Scripted personas for pipeline tests: a small Python calculator built in
// seven phases, with a review finding, a first test round that fails (mul is
// wrong) and a second that passes after the Implementer's fix.
// No imports of the engine here: Playwright specs use these scripts too.
import type { ScriptedOllama, ScriptEntry } from '../support/scripted-ollama';

export const say = (content: string): ScriptEntry => ({ content });
export const call = (name: string, args: Record<string, unknown>): ScriptEntry => ({ content: '', tool_calls: [{ function: { name, arguments: args } }] });
/** The Architect's classification of a chat request. */
export const intent = (i: string): ScriptEntry => ({ content: JSON.stringify({ intent: i, reason: 'scripted' }) });

export const SMALL = 'qwen2.5-coder:7b'; // architect, reviewer, tester
export const BIG = 'qwen2.5-coder:14b'; // implementer

export const REQUIREMENT = `# Calculator module

Write a Python module \`calc.py\` with \`add(a, b)\`, \`mul(a, b)\` and \`div(a, b)\`.
\`div\` by zero must raise \`ValueError\`. Include unit tests in \`test_calc.py\`.
`;

export const json = (v: unknown): ScriptEntry => ({ content: JSON.stringify(v) });

export const CLASSIFY = json({ implementable: true, language: 'python', stack: 'standard library, unittest', reason: 'a small module' });
export const PLAN = say('## Approach\nOne module and its unit tests.\n\n## Files\n- `calc.py` — the functions\n- `test_calc.py` — unittest\n\n## Steps\n1. Write calc.py\n2. Write test_calc.py\n3. Run the tests');
export const CRITERIA = json({
  criteria: [
    { id: 'C1', statement: 'add adds', command: 'python3 -c "import calc; assert calc.add(2, 3) == 5"' },
    { id: 'C2', statement: 'mul multiplies', command: 'python3 -c "import calc; assert calc.mul(2, 3) == 6"' },
    { id: 'C3', statement: 'the unit tests pass', command: 'python3 -m unittest -q test_calc' },
  ],
});
export const FINDINGS = json({
  findings: [{ file: 'calc.py', line: 9, severity: 'error', finding: 'div by zero raises ZeroDivisionError, not ValueError', suggestion: 'check b == 0 and raise ValueError' }],
});
export const SUMMARY = say('Built `calc.py` (add, mul, div) with unit tests; all three criteria pass after fixing mul in round 2.');

export const CALC_V1 = 'def add(a, b):\n    return a + b\n\n\ndef mul(a, b):\n    return a + b\n\n\ndef div(a, b):\n    return a / b\n';
export const TESTS = 'import unittest\nimport calc\n\n\nclass CalcTest(unittest.TestCase):\n    def test_add(self):\n        self.assertEqual(calc.add(2, 3), 5)\n\n\nif __name__ == "__main__":\n    unittest.main()\n';

export const IMPLEMENT: ScriptEntry[] = [
  call('write_file', { path: 'calc.py', content: CALC_V1 }),
  call('write_file', { path: 'test_calc.py', content: TESTS }),
  say('Wrote calc.py and test_calc.py.'),
];
export const REVISE: ScriptEntry[] = [
  call('edit_file', { path: 'calc.py', old_string: '    return a / b', new_string: '    if b == 0:\n        raise ValueError("division by zero")\n    return a / b' }),
  say('div now raises ValueError for zero.'),
];
export const FIX: ScriptEntry[] = [
  call('edit_file', { path: 'calc.py', old_string: 'def mul(a, b):\n    return a + b', new_string: 'def mul(a, b):\n    return a * b' }),
  say('mul multiplies now.'),
];

/** The whole happy path with one failing round, in the order the pipeline asks. */
export function scriptHappyPath(ollama: ScriptedOllama): void {
  ollama.script(SMALL, CLASSIFY, PLAN, CRITERIA, FINDINGS, SUMMARY);
  ollama.script(BIG, ...IMPLEMENT, ...REVISE, ...FIX);
}

