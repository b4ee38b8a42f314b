import type { Status } from '../api';
import { Badge } from '../ui';

type Row = Status['personaModels'][number];

/** How a persona model is driven: native tool calls or the text protocol, its context length, the num_ctx sent. */
export function ModelUse({ p }: { p: Row }) {
  return (
    <span className="inline-flex items-center gap-2 text-neutral-400" data-testid={`model-use-${p.key}`}>
      {p.tools === 'native' && <Badge title="Tools are sent with each request (Ollama's native tool calling).">native tools</Badge>}
      {p.tools === 'text' && (
        <Badge tone="amber" title="This model has no native tool calling: its tools are described in the prompt and its calls read from its text.">
          text tools
        </Badge>
      )}
      {p.contextLength !== undefined && <span title="Context length the model reports">ctx {p.contextLength.toLocaleString('en-US')}</span>}
      {p.numCtx !== null && <span title="num_ctx sent with each request: a [num_ctx] entry, else the model's context length capped by default_num_ctx">num_ctx {p.numCtx.toLocaleString('en-US')}</span>}
    </span>
  );
}
