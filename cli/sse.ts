// Server-Sent Events from a fetch() Response body, as the app's routes send
// them (lib/runs/sse.ts): yields each block's event name and data. Comments,
// `retry:` and id-only blocks (acks of deltas already sent live) carry no data
// and are skipped.

export interface SseBlock {
  event: string;
  data: string;
}

export async function* sseBlocks(body: AsyncIterable<Uint8Array>): AsyncGenerator<SseBlock> {
  const decoder = new TextDecoder();
  let buf = '';
  for await (const chunk of body) {
    buf += decoder.decode(chunk, { stream: true }).replace(/\r\n?/g, '\n');
    let cut: number;
    while ((cut = buf.indexOf('\n\n')) >= 0) {
      const block = buf.slice(0, cut);
      buf = buf.slice(cut + 2);
      const lines = block.split('\n');
      const data = lines
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).replace(/^ /, ''))
        .join('\n');
      if (!data) continue;
      const event = lines.find((l) => l.startsWith('event:'))?.slice(6).trim() ?? 'message';
      yield { event, data };
    }
  }
}
