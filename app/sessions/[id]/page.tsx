import { SessionPage } from '@/components/session/SessionPage';

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  // Keyed so switching sessions starts from an empty view and a fresh stream.
  return <SessionPage key={id} id={id} />;
}
