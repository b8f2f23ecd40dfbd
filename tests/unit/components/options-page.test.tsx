// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { OptionsPage } from '@/components/settings/OptionsPage';
import { DEFAULT_SETTINGS, type AgentSettings } from '@/knowledge/settings/settings';
import type { OptionsBackend, OptionsPageData } from '@/storage/pages/options';
import { NO_CENTRE } from './fake-clients';

afterEach(cleanup);

/**
 * Settings kept in memory, where a read made during a save is held back: the permission
 * prompt's own read of the settings may start before the new site is saved and come back after
 * the save's read.
 */
function slowReadBackend() {
  let settings: AgentSettings = { ...DEFAULT_SETTINGS, crmSites: [...DEFAULT_SETTINGS.crmSites] };
  const granted = new Set(settings.crmSites.map((site) => site.matchPattern));
  const heldReads: Array<() => void> = [];
  let saving = false;
  const backend: OptionsBackend = {
    load: () => {
      const data: OptionsPageData = {
        settings,
        locked: [],
        problems: [],
        granted: settings.crmSites.map((site) => site.matchPattern).filter((pattern) => granted.has(pattern)),
        storage: { usage: null, quota: null, persisted: null },
        centre: NO_CENTRE,
        taxonomySubscription: null,
        ungrantedCentreHosts: [],
      };
      // A read made while the save travels to the background sees the old settings, and is slow.
      if (!saving) return Promise.resolve(data);
      return new Promise((resolve) => heldReads.push(() => resolve(data)));
    },
    save: async (patch) => {
      saving = true;
      await new Promise((resolve) => setTimeout(resolve, 10));
      settings = { ...settings, ...patch };
      saving = false;
    },
    grant: async (pattern) => {
      granted.add(pattern);
      return true;
    },
    grantCentreHost: async () => true,
    preview: async () => ({ ok: false, reason: 'no-tab' }) as never,
    uploadNow: async () => undefined,
    onChange: () => () => undefined,
  };
  return { backend, releaseHeldReads: () => heldReads.splice(0).forEach((release) => release()) };
}

describe('the settings page', () => {
  it('lists a site added with its permission, even when an older read of the settings comes back last', async () => {
    const { backend, releaseHeldReads } = slowReadBackend();
    render(<OptionsPage backend={backend} />);
    const address = await screen.findByLabelText('CRM 地址');
    fireEvent.input(address, { target: { value: 'crm.example.com' } });
    fireEvent.click(screen.getByRole('button', { name: '添加并授权' }));

    await waitFor(() => expect(document.querySelector('li[data-site="https://crm.example.com/*"]')).toBeTruthy());
    releaseHeldReads();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(document.querySelector('li[data-site="https://crm.example.com/*"]')).toBeTruthy();
  });
});
