// Shared set-up for the benchmark tests: an App with a scripted Ollama, and a
// scripted Anthropic server reached through ANTHROPIC_BASE_URL, restored after.
import { afterAll, beforeAll } from 'vitest';
import { ScriptedAnthropic } from '../support/scripted-anthropic';
import { testApp, type TestApp } from '../support/test-app';

export interface BenchEnv {
  t: TestApp;
  claude: ScriptedAnthropic;
}

/** Registers beforeAll/afterAll in the calling file; read the fields inside tests. */
export function benchEnv(): BenchEnv {
  const env = {} as BenchEnv;
  const savedBase = process.env.ANTHROPIC_BASE_URL;
  beforeAll(async () => {
    env.claude = new ScriptedAnthropic();
    await env.claude.start();
    process.env.ANTHROPIC_BASE_URL = env.claude.url;
    env.t = await testApp({ CA_ANTHROPIC_API_KEY: 'test-key' });
  });
  afterAll(async () => {
    if (savedBase === undefined) delete process.env.ANTHROPIC_BASE_URL;
    else process.env.ANTHROPIC_BASE_URL = savedBase;
    await env.t?.close();
    await env.claude?.stop();
  });
  return env;
}
