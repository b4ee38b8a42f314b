// Runs before every request (Next.js 16 "proxy", Node runtime): the Host,
// Origin and body rules of lib/security/request-guard.ts, before any route.
import { NextResponse, type NextRequest } from 'next/server';
import { checkRequest, extraHostsFromEnv } from './lib/security/request-guard';

export function proxy(request: NextRequest) {
  const verdict = checkRequest(request.method, request.headers, extraHostsFromEnv(), {
    pathname: request.nextUrl.pathname,
    scheme: request.nextUrl.protocol,
  });
  if (!verdict.ok) {
    return new NextResponse(JSON.stringify({ error: verdict.reason }), {
      status: verdict.status ?? 403,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    });
  }
  return NextResponse.next();
}

export const config = {
  // Everything, static assets included: a rebinding page must not even read them.
  matcher: '/:path*',
};
