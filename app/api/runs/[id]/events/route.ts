import { getApp } from '@/lib/app';
import { id as idSchema } from '@/lib/http/parse';
import { fail } from '@/lib/http/respond';
import { parseLastEventId, sseResponse } from '@/lib/runs/sse';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// A run's stream ends after its terminal event; a session's stream stays open for the next turn.
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  // An empty run id would be no filter at all: every run's events.
  const id = idSchema.safeParse((await params).id);
  if (!id.success) return fail(`The run id ${id.error.issues[0]?.message ?? 'is not valid'}.`);
  return sseResponse(getApp().log, { runId: id.data }, parseLastEventId(req), req.signal, { endAfterTerminal: true });
}
