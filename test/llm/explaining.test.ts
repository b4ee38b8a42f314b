import { describe, expect, it } from 'vitest';
import { looksLikeExplainingInsteadOfActing, NUDGE_MESSAGE } from '../../lib/llm/recovery';

const md = (s: string) => s.replace(/'''/g, '```');

describe('looksLikeExplainingInsteadOfActing', () => {
  it('flags the article failure: Rust printed as markdown, nothing written (14b)', () => {
    const reply = md(`Here's the implementation of the \`nslookup\` command in Rust:

'''rust
use clap::{Arg, Command};

pub fn nslookup(args: Vec<String>) -> Result<(), String> {
    let matches = Command::new("nslookup")
        .arg(Arg::new("debug").short('d'))
        .get_matches_from(args);
    Ok(())
}
'''

This uses \`clap\` for argument parsing.`);
    expect(looksLikeExplainingInsteadOfActing(reply)).toBe(true);
  });

  it('flags instructions to create files and announcements without a call', () => {
    expect(looksLikeExplainingInsteadOfActing('You can create a file named `calc.py` and put the add function in it.')).toBe(true);
    expect(looksLikeExplainingInsteadOfActing('Save this as main.py and run it.')).toBe(true);
    expect(looksLikeExplainingInsteadOfActing("I'll now create the test file using write_file.")).toBe(true);
    expect(looksLikeExplainingInsteadOfActing('Let me run the tests to check the fix.')).toBe(true);
  });

  it('leaves plain answers and finished-work summaries alone', () => {
    expect(looksLikeExplainingInsteadOfActing('`git reflog` shows where HEAD has been; use it to find lost commits.')).toBe(false);
    expect(
      looksLikeExplainingInsteadOfActing(
        md("I created `calc.py` and all 12 tests pass. You can run it with:\n\n'''bash\npython calc.py\n'''\n\nLet me know if you need anything else."),
      ),
    ).toBe(false);
    expect(looksLikeExplainingInsteadOfActing(md("'''\nok\n'''"))).toBe(false);
  });

  it('has a short nudge that names the tool and its arguments', () => {
    expect(NUDGE_MESSAGE).toContain('write_file');
    expect(NUDGE_MESSAGE).toContain('"path"');
    expect(NUDGE_MESSAGE).toContain('"content"');
    expect(NUDGE_MESSAGE.length).toBeLessThan(400);
  });
});
