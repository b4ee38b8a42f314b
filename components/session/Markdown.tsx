import { memo } from 'react';
import ReactMarkdown from 'react-markdown';
import rehypeHighlight from 'rehype-highlight';
import remarkGfm from 'remark-gfm';

// Module constants so ReactMarkdown sees stable plugin lists. rehype-highlight
// only colours fences that name a language, and skips unknown ones.
const remarkPlugins = [remarkGfm];
const rehypePlugins = [rehypeHighlight];

/** Assistant Markdown with GFM and highlighted code; memoised because deltas re-render the turn often. */
export const Markdown = memo(function Markdown({ text }: { text: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown remarkPlugins={remarkPlugins} rehypePlugins={rehypePlugins}>
        {text}
      </ReactMarkdown>
    </div>
  );
});
