import { render } from 'preact';
import '@/components/settings.css';
import { SettingsForm, type StorageStatus } from '@/components/SettingsForm';
import { localDay } from '@/knowledge/clicks/local-time';
import { askBackground } from '@/storage/messaging/client';
import { DEFAULT_SENSITIVE_WORDS } from '@/knowledge/search/sensitive-words';

const root = document.getElementById('app')!;

async function grantedPatterns(patterns: string[]): Promise<string[]> {
  const checks = await Promise.all(patterns.map((origin) => browser.permissions.contains({ origins: [origin] })));
  return patterns.filter((_pattern, index) => checks[index]);
}

async function storageStatus(): Promise<StorageStatus> {
  // Extension pages can ask for persistent storage; the service worker cannot.
  const persisted = (await navigator.storage?.persist?.().catch(() => null)) ?? null;
  const estimate = await navigator.storage?.estimate?.().catch(() => null);
  return { persisted, usageBytes: estimate?.usage ?? null, quotaBytes: estimate?.quota ?? null };
}

async function show() {
  const { settings } = await askBackground('getSidebarState', { day: localDay(new Date()) });
  const [granted, storage] = await Promise.all([
    grantedPatterns(settings.crmSites.map((site) => site.matchPattern)),
    storageStatus(),
  ]);
  render(
    <SettingsForm
      settings={settings}
      granted={granted}
      storage={storage}
      defaultSensitiveWords={DEFAULT_SENSITIVE_WORDS}
      onSave={async (patch) => {
        await askBackground('updateSettings', patch);
        await show();
      }}
      onGrant={async (pattern) => {
        const ok = await browser.permissions.request({ origins: [pattern] });
        if (ok) await askBackground('updateSettings', { crmSites: settings.crmSites });
        await show();
        return ok;
      }}
    />,
    root,
  );
}

void show();
