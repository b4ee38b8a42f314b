'use client';
import { FitAddon } from '@xterm/addon-fit';
import { Terminal as XTerm } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef } from 'react';

const LINE_PX = 15;
const MIN_ROWS = 3;
const MAX_ROWS = 18;

/** A read-only xterm showing a shell call's output; it only ever appends what is new. */
export function Terminal({ text }: { text: string }) {
  const box = useRef<HTMLDivElement>(null);
  const term = useRef<XTerm | null>(null);
  const written = useRef(0);

  useEffect(() => {
    const t = new XTerm({
      convertEol: true,
      disableStdin: true,
      cursorBlink: false,
      fontSize: 12,
      lineHeight: 1.1,
      scrollback: 5000,
      fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
      theme: { background: '#0a0a0a', foreground: '#d4d4d4', cursor: '#0a0a0a' },
    });
    const fit = new FitAddon();
    t.loadAddon(fit);
    t.open(box.current!);
    term.current = t;
    written.current = 0;
    const refit = () => {
      try {
        fit.fit();
      } catch {
        // Not laid out yet (hidden or zero-size): the next resize fits it.
      }
    };
    refit();
    const ro = new ResizeObserver(refit);
    ro.observe(box.current!);
    return () => {
      ro.disconnect();
      t.dispose();
      term.current = null;
    };
  }, []);

  useEffect(() => {
    const t = term.current;
    if (!t) return;
    if (text.length < written.current) {
      // The view never shrinks output; if it did, start over rather than show nonsense.
      t.reset();
      written.current = 0;
    }
    if (text.length > written.current) {
      t.write(text.slice(written.current));
      written.current = text.length;
    }
  }, [text]);

  // Grow with the output up to a cap; xterm scrolls beyond it.
  const rows = Math.max(MIN_ROWS, countLines(text, MAX_ROWS));
  return (
    <div data-testid="terminal" className="relative overflow-hidden rounded bg-[#0a0a0a] px-1 py-1" style={{ height: rows * LINE_PX * 1.1 + 8 }}>
      <div ref={box} aria-hidden className="h-full w-full" />
      {/* xterm draws nothing while scrolled out of view and its canvas-like rows are poor for
          screen readers: keep a plain-text copy for assistive tech, find-in-page and tests. */}
      <pre className="sr-only">{plain(text)}</pre>
    </div>
  );
}

const MIRROR_MAX = 1024 * 1024;
// CSI and OSC escape sequences (colours, cursor moves, titles).
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;

function plain(text: string): string {
  const tail = text.length > MIRROR_MAX ? text.slice(-MIRROR_MAX) : text;
  return tail.replace(ANSI, '');
}

/** Lines in `text`, counting no further than `cap` (output can be megabytes). */
function countLines(text: string, cap: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0 && n < cap; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
