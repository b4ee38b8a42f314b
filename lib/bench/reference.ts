// The article's published results ("Testing the Efficacy"), preloaded so a user
// can set their own hardware's figures beside them. Labelled as the article's.
// The article's table drops the Task cell on Claude rows; they belong to the row above.
export interface ReferenceRow {
  source: 'article';
  req: string;
  task: string;
  runner: 'code-assistant' | 'claude';
  model: string;
  timeS: number;
  apiCalls: number;
  linesWritten: number;
  testsPassed: number;
  syntaxErrors: number;
}

const row = (req: string, task: string, runner: ReferenceRow['runner'], model: string, timeS: number, apiCalls: number, linesWritten: number, testsPassed: number, syntaxErrors: number): ReferenceRow =>
  ({ source: 'article', req, task, runner, model, timeS, apiCalls, linesWritten, testsPassed, syntaxErrors });

export const ARTICLE_ROWS: ReferenceRow[] = [
  row('req_01', 'Calculator', 'code-assistant', '7b + 14b', 1790, 21, 71, 0, 1),
  row('req_01', 'Calculator', 'claude', 'claude-sonnet-4-6', 1137, 24, 2235, 218, 0),
  row('req_02', 'Todo API', 'code-assistant', '7b + 14b', 2163, 23, 117, 0, 0),
  row('req_02', 'Todo API', 'claude', 'claude-sonnet-4-6', 2310, 41, 2803, 4, 0),
  row('req_03', 'Log Analyser', 'code-assistant', '7b + 14b', 1362, 17, 166, 0, 0),
  row('req_03', 'Log Analyser', 'claude', 'claude-sonnet-4-6', 5771, 55, 5851, 329, 0),
];
