import { getApp } from '@/lib/app';
import { PERSONA_MODEL_KEYS } from '@/lib/config/schema';
import { z } from 'zod';
import { parseJson } from '@/lib/http/parse';
import { fail, handle, json } from '@/lib/http/respond';
import { deleteSession, MAX_TITLE_CHARS, renameSession } from '@/lib/sessions/manage';
import { getSession, sessionModels, sessionRuns, setSessionModels } from '@/lib/sessions/sessions';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

const model = z.string().max(200).regex(/^[\w.\-/:]*$/, 'expected a model name such as qwen2.5-coder:7b').optional();
const Patch = z.object({
  models: z.object({ architect_model: model, implementer_model: model, quick_model: model }).optional(),
  title: z.string().max(MAX_TITLE_CHARS, `must be at most ${MAX_TITLE_CHARS} characters`).optional(),
});

export function GET(_req: Request, { params }: Ctx) {
  return handle(async () => {
    const { id } = await params;
    const app = getApp();
    const found = getSession(app.db, id);
    if (!found) return fail('No such session.', 404);
    const config = app.config(found.workspacePath).values;
    const overrides = sessionModels(found.session);
    return json({
      session: found.session,
      workspacePath: found.workspacePath,
      runs: sessionRuns(app.db, id),
      activeRunId: app.runs.activeRunForSession(id),
      models: Object.fromEntries(PERSONA_MODEL_KEYS.map((k) => [k, (overrides as Record<string, string>)[k] ?? config[k]])),
      overrides,
    });
  });
}

export function PATCH(req: Request, { params }: Ctx) {
  return handle(async () => {
    const { id } = await params;
    const app = getApp();
    const found = getSession(app.db, id);
    if (!found) return fail('No such session.', 404);
    const { models, title } = await parseJson(req, Patch);
    // A rename is the user's name for it; a turn no longer retitles it.
    const renamed = title !== undefined ? renameSession(app.db, id, title) : undefined;
    if (!models) return json({ title: renamed?.title ?? found.session.title });
    // An empty name clears the override.
    const clean = Object.fromEntries(Object.entries(models).filter(([, v]) => v));
    setSessionModels(app.db, id, clean);
    return json({ overrides: clean, ...(renamed ? { title: renamed.title } : {}) });
  });
}

/** Removes the session and its records; files it wrote in the workspace stay. */
export function DELETE(_req: Request, { params }: Ctx) {
  return handle(async () => {
    const { id } = await params;
    return json({ deleted: deleteSession(getApp(), id) });
  });
}
