import { getApp } from '@/lib/app';
import { body, fail, handle, json } from '@/lib/http/respond';
import { checkRequirementBytes } from '@/lib/pipeline/input';
import { startPipeline, type WorkspaceChoice } from '@/lib/pipeline/start';
import { listPipelines } from '@/lib/pipeline/store';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function GET() {
  return handle(() => json({ pipelines: listPipelines(getApp()) }));
}

interface StartBody {
  requirement?: string;
  workspaceId?: string;
  path?: string;
  newFolder?: string;
}

function choice(b: StartBody): WorkspaceChoice | null {
  if (b.workspaceId) return { workspaceId: b.workspaceId };
  if (b.newFolder) return { newFolder: b.newFolder };
  if (b.path) return { path: b.path };
  return null;
}

/** JSON {requirement, workspaceId | path | newFolder}, or a multipart upload with a `file` field. */
export function POST(req: Request) {
  return handle(async () => {
    let b: StartBody;
    if ((req.headers.get('content-type') ?? '').startsWith('multipart/form-data')) {
      const form = await req.formData();
      const file = form.get('file');
      if (!(file instanceof File)) return fail('Attach the requirement document as the "file" field.');
      const text = checkRequirementBytes(new Uint8Array(await file.arrayBuffer()), file.name || 'The uploaded file');
      if (!text.ok) return fail(text.error);
      const field = (k: string) => (typeof form.get(k) === 'string' ? (form.get(k) as string) : undefined);
      b = { requirement: text.value, workspaceId: field('workspaceId'), path: field('path'), newFolder: field('newFolder') };
    } else {
      b = await body<StartBody>(req);
    }
    const ws = choice(b);
    if (!ws) return fail('Pick a workspace: an existing one, or a new empty folder.');
    return json({ runId: startPipeline(getApp(), b.requirement ?? '', ws) }, 202);
  });
}
