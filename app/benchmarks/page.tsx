import { BenchmarksPage } from '@/components/bench/BenchmarksPage';

export const metadata = { title: 'Benchmarks · code-assistant' };

export default function Page() {
  return <BenchmarksPage />;
}
