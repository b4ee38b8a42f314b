import { SettingsPage } from '@/components/settings/SettingsPage';

export const metadata = { title: 'Settings · code-assistant' };

export default function Page() {
  return <SettingsPage />;
}
