import { PipelinesPage } from '@/components/pipeline/PipelinesPage';

export const metadata = { title: 'Pipelines · code-assistant' };

export default function Page() {
  return <PipelinesPage />;
}
