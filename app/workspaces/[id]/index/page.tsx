import { IndexPage } from '@/components/index/IndexPage';

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <IndexPage key={id} workspaceId={id} />;
}
