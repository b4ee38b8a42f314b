import { getApp } from '@/lib/app';
import { handle, json } from '@/lib/http/respond';
import { appStatus } from '@/lib/status';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function GET() {
  return handle(async () => json(await appStatus(getApp())));
}
