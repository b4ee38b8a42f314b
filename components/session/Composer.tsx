'use client';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { post } from '../api';
import { ErrorText } from '../ui';

interface Props {
  sessionId: string;
  /** The run in progress, if any: Stop targets it and Esc stops it. */
  activeRunId: string | null;
  onSent: () => void;
}

/** Enter sends, Shift+Enter is a newline, Esc (anywhere but another field) stops the running reply. */
export function Composer({ sessionId, activeRunId, onSent }: Props) {
  const [text, setText] = useState('');
  const [quick, setQuick] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState('');
  const input = useRef<HTMLTextAreaElement>(null);

  // A run started or ended: an earlier "already running" error no longer holds.
  useEffect(() => setError(''), [activeRunId]);

  const send = async () => {
    if (!text.trim() || sending) return;
    setSending(true);
    setError('');
    try {
      await post<{ runId: string }>(`/api/sessions/${sessionId}/turns`, { text, quick });
      setText('');
      onSent();
    } catch (err) {
      // 409 (a reply already running, maybe in another tab) lands here too: keep the text.
      setError((err as Error).message);
    } finally {
      setSending(false);
      input.current?.focus();
    }
  };

  const stop = async () => {
    if (!activeRunId) return;
    try {
      await post(`/api/runs/${activeRunId}/cancel`);
    } catch (err) {
      setError((err as Error).message);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.nativeEvent.isComposing) return; // an IME is still composing a character
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      void send();
    }
  };

  // Esc stops the reply from anywhere on the page, except inside another
  // field (a select, the terminal, an approval's input), where Esc is theirs.
  const stopRef = useRef(stop);
  stopRef.current = stop;
  useEffect(() => {
    if (!activeRunId) return;
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key !== 'Escape' || e.isComposing || e.defaultPrevented) return;
      const t = e.target as HTMLElement | null;
      const field = t?.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"], .xterm');
      if (field && field !== input.current) return;
      e.preventDefault();
      void stopRef.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [activeRunId]);

  return (
    <div className="border-t border-neutral-800 bg-neutral-950 px-4 py-2">
      <div className="mx-auto max-w-5xl">
        <div className="flex items-end gap-2">
          <textarea
            ref={input}
            data-testid="chat-input"
            className="input min-h-[2.5rem] flex-1 resize-none leading-snug"
            rows={Math.min(8, Math.max(2, text.split('\n').length))}
            placeholder={quick ? 'Quick question (one fast answer, no tools)…' : 'Ask, or describe a change to make in the workspace…'}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={onKeyDown}
            autoFocus
          />
          <div className="flex flex-col items-stretch gap-1">
            {activeRunId && (
              <button type="button" data-testid="stop" className="btn-danger" onClick={() => void stop()}>
                Stop
              </button>
            )}
            <button type="button" data-testid="send" className="btn-primary justify-center" disabled={sending || !text.trim()} onClick={() => void send()}>
              Send
            </button>
          </div>
        </div>
        <div className="mt-1 flex items-center gap-4 text-[11px] text-neutral-500">
          <label className="flex cursor-pointer items-center gap-1 text-neutral-300">
            <input type="checkbox" data-testid="quick-toggle" checked={quick} onChange={(e) => setQuick(e.target.checked)} />
            Quick
          </label>
          <span>Enter sends · Shift+Enter newline · Esc stops · “/quick ” prefix = quick · /compact summarises earlier turns</span>
        </div>
        <ErrorText testId="composer-error">{error}</ErrorText>
      </div>
    </div>
  );
}
