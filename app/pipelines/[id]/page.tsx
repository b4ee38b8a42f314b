import { PipelineRunPage } from '@/components/pipeline/PipelineRunPage';

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  // Keyed so another run starts from an empty view and a fresh stream.
  return <PipelineRunPage key={id} id={id} />;
}
