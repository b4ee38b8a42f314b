import { NewPipelinePage } from '@/components/pipeline/NewPipelinePage';

export const metadata = { title: 'New pipeline · code-assistant' };

export default function Page() {
  return <NewPipelinePage />;
}
