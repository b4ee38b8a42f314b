import { z } from 'zod';
import { getApp } from '@/lib/app';
import { parseJson } from '@/lib/http/parse';
import { fail, handle, json } from '@/lib/http/respond';
import { checkRequirementBytes, checkRequirementText, MAX_REQUIREMENT_BYTES } from '@/lib/pipeline/input';
import { startPipeline, type WorkspaceChoice } from '@/lib/pipeline/start';
import { listPipelines } from '@/lib/pipeline/store';
import { refusedNewFolder, validateWorkspacePath, workspaceGuard } from '@/lib/sessions/workspaces';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function GET() {
  return handle(() => json({ pipelines: listPipelines(getApp()) }));
}

const folder = z.string().max(4096).optional();
const Start = z.object({ requirement: z.string(), workspaceId: z.string().max(200).optional(), path: folder, newFolder: folder });
type StartBody = z.infer<typeof Start>;

/** The workspace the body picks, with system and app folders refused. */
function choice(b: StartBody): WorkspaceChoice | { error: string } | null {
  if (b.workspaceId) return { workspaceId: b.workspaceId };
  const guard = workspaceGuard(getApp());
  if (b.newFolder) {
    const refused = refusedNewFolder(b.newFolder, guard);
    return refused ? { error: refused } : { newFolder: b.newFolder };
  }
  if (b.path) {
    const v = validateWorkspacePath(b.path, guard);
    return v.ok ? { path: v.path } : { error: v.error };
  }
  return null;
}

/** The multipart upload: a `file` field plus the same fields as the JSON body. */
async function fromForm(req: Request): Promise<StartBody | Response> {
  const form = await req.formData().catch(() => null);
  if (!form) return fail('The upload is not valid multipart/form-data.');
  const file = form.get('file');
  if (!(file instanceof File)) return fail('Attach the requirement document as the "file" field.');
  const text = checkRequirementBytes(new Uint8Array(await file.arrayBuffer()), file.name || 'The uploaded file');
  if (!text.ok) return fail(text.error, file.size > MAX_REQUIREMENT_BYTES ? 413 : 400);
  const field = (k: string) => (typeof form.get(k) === 'string' ? (form.get(k) as string) : undefined);
  return { requirement: text.value, workspaceId: field('workspaceId'), path: field('path'), newFolder: field('newFolder') };
}

/** JSON {requirement, workspaceId | path | newFolder}, or a multipart upload with a `file` field. */
export function POST(req: Request) {
  return handle(async () => {
    const multipart = (req.headers.get('content-type') ?? '').toLowerCase().startsWith('multipart/form-data');
    const b = multipart ? await fromForm(req) : await parseJson(req, Start);
    if (b instanceof Response) return b;
    if (Buffer.byteLength(b.requirement, 'utf8') > MAX_REQUIREMENT_BYTES) {
      const r = checkRequirementText(b.requirement);
      return fail(r.ok ? 'The requirement document is too large.' : r.error, 413);
    }
    const ws = choice(b);
    if (!ws) return fail('Pick a workspace: an existing one, or a new empty folder.');
    if ('error' in ws) return fail(ws.error);
    return json({ runId: startPipeline(getApp(), b.requirement, ws) }, 202);
  });
}
