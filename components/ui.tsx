'use client';
// Small presentational pieces shared by the pages.
import { useState, type ReactNode } from 'react';
import { PageActions } from './shell/HeaderSlot';

export function Card({ title, actions, children, className = '' }: { title?: ReactNode; actions?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <section className={`rounded-lg border border-neutral-800 bg-neutral-900/60 p-3 ${className}`}>
      {(title || actions) && (
        <div className="mb-2 flex items-center justify-between gap-2">
          <h2 className="text-xs font-semibold uppercase tracking-wide text-neutral-400">{title}</h2>
          {actions}
        </div>
      )}
      {children}
    </section>
  );
}

const TONES = {
  neutral: 'border-neutral-700 bg-neutral-800 text-neutral-300',
  green: 'border-emerald-800 bg-emerald-950 text-emerald-300',
  red: 'border-red-800 bg-red-950 text-red-300',
  amber: 'border-amber-800 bg-amber-950 text-amber-300',
  blue: 'border-sky-800 bg-sky-950 text-sky-300',
  violet: 'border-violet-800 bg-violet-950 text-violet-300',
} as const;
export type Tone = keyof typeof TONES;

export function Badge({ tone = 'neutral', children, title, testId }: { tone?: Tone; children: ReactNode; title?: string; testId?: string }) {
  return (
    <span title={title} data-testid={testId} className={`inline-flex items-center gap-1 rounded border px-1.5 py-px text-[11px] leading-4 ${TONES[tone]}`}>
      {children}
    </span>
  );
}

export function Spinner({ className = '' }: { className?: string }) {
  return <span aria-label="working" className={`inline-block h-3 w-3 animate-spin rounded-full border-2 border-neutral-600 border-t-sky-400 ${className}`} />;
}

export function ErrorText({ children, testId }: { children: ReactNode; testId?: string }) {
  if (!children) return null;
  return (
    <p role="alert" data-testid={testId} className="mt-1 text-xs text-red-400">
      {children}
    </p>
  );
}

/** `text`, or `getText` for what is only known at click time (a rendered code block). */
export function CopyButton({ text, getText, testId, label = 'Copy' }: { text?: string; getText?: () => string; testId?: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="btn-ghost"
      data-testid={testId}
      onClick={() => {
        // Clipboard needs a secure context; 127.0.0.1 counts as one.
        void navigator.clipboard?.writeText(getText ? getText() : text ?? '').then(() => {
          setCopied(true);
          setTimeout(() => setCopied(false), 1200);
        });
      }}
    >
      {copied ? 'Copied' : label}
    </button>
  );
}

/**
 * A page's own controls (a spinner, the model picker, a back link), shown in
 * the shell's one header; the name, brand and navigation are the shell's.
 */
export function TopNav({ children }: { children?: ReactNode }) {
  return <PageActions>{children}</PageActions>;
}
