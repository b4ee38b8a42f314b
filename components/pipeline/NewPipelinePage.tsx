'use client';
import { useMutation, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type ChangeEvent } from 'react';
import { api, post, type Workspace } from '../api';
import { Markdown } from '../session/Markdown';
import { Card, ErrorText, TopNav } from '../ui';

const MAX_BYTES = 1024 * 1024;

/** A chosen file as text, or why it cannot be a requirement (same rules as the server). */
async function readRequirement(file: File): Promise<{ text: string } | { error: string }> {
  if (file.size > MAX_BYTES) return { error: `${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MB; the limit is 1 MB.` };
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer());
    if (!text.trim()) return { error: `${file.name} is empty.` };
    return { text };
  } catch {
    return { error: `${file.name} is not UTF-8 text. Save it as UTF-8 and upload it again.` };
  }
}

/** A folder name from the document's first heading: "# A CSV Calculator" -> "a-csv-calculator". */
function folderName(text: string): string {
  const heading = /^#{1,3}\s+(.+)$/m.exec(text)?.[1] ?? '';
  const slug = heading.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '');
  return slug || 'new-project';
}

/**
 * A new folder beside the active workspace (or the most recent one), named
 * after the document and not one already known. Null with no workspace to go by.
 */
function proposeFolder(text: string, list: Workspace[] | undefined, active: string | null | undefined): string | null {
  const base = list?.find((w) => w.id === active) ?? list?.[0];
  if (!base) return null;
  const parent = base.path.replace(/\/[^/]+\/?$/, '') || '/';
  const name = folderName(text);
  const taken = new Set(list?.map((w) => w.path));
  let candidate = `${parent}/${name}`;
  for (let n = 2; taken.has(candidate); n++) candidate = `${parent}/${name}-${n}`;
  return candidate;
}

/** Write or upload a requirement, pick or create the folder to build in, start. */
export function NewPipelinePage() {
  const router = useRouter();
  const [text, setText] = useState('');
  const [fileError, setFileError] = useState('');
  const [mode, setMode] = useState<'existing' | 'new'>('existing');
  const [workspaceId, setWorkspaceId] = useState('');
  const [typedFolder, setTypedFolder] = useState<string | null>(null);
  const workspaces = useQuery({ queryKey: ['workspaces'], queryFn: () => api<{ workspaces: Workspace[]; active: string | null }>('/api/workspaces') });
  const chosen = workspaceId || workspaces.data?.active || workspaces.data?.workspaces[0]?.id || '';
  // Proposed until the user types their own (an empty field stays theirs).
  const newFolder = typedFolder ?? proposeFolder(text, workspaces.data?.workspaces, workspaces.data?.active) ?? '';
  const start = useMutation({
    mutationFn: () => post<{ runId: string }>('/api/pipelines', mode === 'new' ? { requirement: text, newFolder } : { requirement: text, workspaceId: chosen }),
    onSuccess: ({ runId }) => router.push(`/pipelines/${runId}`),
  });

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = ''; // choosing the same file again still fires
    if (!file) return;
    const r = await readRequirement(file);
    if ('error' in r) setFileError(r.error);
    else {
      setFileError('');
      setText(r.text);
    }
  };

  const bytes = new TextEncoder().encode(text).length;
  const tooBig = bytes > MAX_BYTES;
  // Why Start is disabled, said next to it.
  const blocked = !text.trim() ? 'Write or upload the requirement document first.'
    : tooBig ? 'The document is over 1 MB: shorten it.'
    : mode === 'new' && !newFolder.trim() ? 'Type the absolute path of the new folder.'
    : mode === 'existing' && !chosen ? 'No workspace yet: open one on the home page, or choose "A new empty folder".'
    : null;
  const canStart = !blocked && !start.isPending;
  return (
    <div className="flex min-h-full flex-col">
      <TopNav>
        <Link href="/pipelines" className="text-xs text-neutral-400 hover:text-neutral-100">All pipelines</Link>
      </TopNav>
      <main className="mx-auto grid w-full max-w-7xl flex-1 gap-3 p-4 lg:grid-cols-2">
        <Card
          title="Requirement document"
          actions={
            <label className="btn cursor-pointer">
              Upload .md / .txt
              <input data-testid="requirement-upload" type="file" accept=".md,.markdown,.txt,text/markdown,text/plain" className="hidden" onChange={(e) => void onFile(e)} />
            </label>
          }
        >
          <textarea
            data-testid="requirement-editor"
            className="input h-[55vh] w-full resize-y font-mono text-[13px] leading-snug"
            placeholder={'# What to build\n\nDescribe the program, its inputs and outputs, and how to check it works.'}
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-label="Requirement document (Markdown)"
          />
          <div className="mt-1 flex justify-between text-[11px] text-neutral-500">
            <span>Markdown. Up to 1 MB.</span>
            <span className={tooBig ? 'text-red-400' : ''}>{(bytes / 1024).toFixed(1)} KB</span>
          </div>
          <ErrorText testId="requirement-error">{fileError || (tooBig ? 'The document is over 1 MB.' : '')}</ErrorText>
        </Card>
        <div className="space-y-3">
          <Card title="Preview">
            <div data-testid="requirement-preview" className="max-h-[40vh] overflow-auto">
              {text.trim() ? <Markdown text={text} /> : <p className="text-xs text-neutral-500">The rendered document appears here.</p>}
            </div>
          </Card>
          <Card title="Workspace">
            <div className="space-y-2 text-sm">
              <label className="flex items-center gap-2">
                <input type="radio" data-testid="workspace-mode-existing" checked={mode === 'existing'} onChange={() => setMode('existing')} />
                An existing workspace
              </label>
              <select
                data-testid="workspace-select"
                className="input w-full font-mono text-xs"
                disabled={mode !== 'existing'}
                value={chosen}
                onChange={(e) => setWorkspaceId(e.target.value)}
              >
                {!workspaces.data?.workspaces.length && <option value="">No workspaces yet: open one on the home page, or create a folder</option>}
                {workspaces.data?.workspaces.map((w) => <option key={w.id} value={w.id}>{w.path}</option>)}
              </select>
              <label className="flex items-center gap-2">
                <input type="radio" data-testid="workspace-mode-new" checked={mode === 'new'} onChange={() => setMode('new')} />
                A new empty folder (created for you)
              </label>
              <input
                data-testid="new-folder-input"
                className="input w-full font-mono text-xs"
                placeholder="/home/me/projects/calculator"
                disabled={mode !== 'new'}
                value={newFolder}
                onChange={(e) => setTypedFolder(e.target.value)}
                aria-label="New folder path"
              />
            </div>
          </Card>
          <div className="flex items-center gap-3">
            <button type="button" data-testid="start-pipeline" className="btn-primary" disabled={!canStart} onClick={() => start.mutate()}>
              {start.isPending ? 'Starting…' : 'Start pipeline'}
            </button>
            {blocked ? (
              <span data-testid="start-blocked" className="text-xs text-amber-400">{blocked}</span>
            ) : (
              <span className="text-xs text-neutral-500">The run continues in the server when you close the page.</span>
            )}
          </div>
          <ErrorText testId="start-error">{start.error?.message}</ErrorText>
        </div>
      </main>
    </div>
  );
}
