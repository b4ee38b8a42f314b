import { memo, useRef, type ComponentProps } from 'react';
import ReactMarkdown from 'react-markdown';
import rehypeHighlight from 'rehype-highlight';
import remarkGfm from 'remark-gfm';
import { CopyButton } from '../ui';

// Module constants so ReactMarkdown sees stable plugin lists. rehype-highlight
// only colours fences that name a language, and skips unknown ones.
const remarkPlugins = [remarkGfm];
const rehypePlugins = [rehypeHighlight];

/** A code block with a Copy button: copies the code as shown, without the highlighting markup. */
function CodeBlock(props: ComponentProps<'pre'> & { node?: unknown }) {
  const { node: _node, ...rest } = props;
  const pre = useRef<HTMLPreElement>(null);
  return (
    <div className="group relative">
      <pre ref={pre} {...rest} />
      <span className="absolute right-1 top-1 opacity-70 group-hover:opacity-100">
        <CopyButton testId="copy-code" getText={() => pre.current?.textContent ?? ''} />
      </span>
    </div>
  );
}
const components = { pre: CodeBlock };

/** Assistant Markdown with GFM and highlighted code; memoised because deltas re-render the turn often. */
export const Markdown = memo(function Markdown({ text }: { text: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown remarkPlugins={remarkPlugins} rehypePlugins={rehypePlugins} components={components}>
        {text}
      </ReactMarkdown>
    </div>
  );
});
