import { beforeEach, describe, expect, it, vi } from 'vitest';
import { registerSidebar, sidebarRegistration } from '@/storage/platform/content-scripts';

/** chrome.scripting as Chromium answers it (it adds world and matchOriginAsFallback), recording the writes. */
const scripting = vi.hoisted(() => {
  const registered = new Map<string, Record<string, unknown>>();
  const writes: string[] = [];
  return {
    registered,
    writes,
    api: {
      getRegisteredContentScripts: async ({ ids }: { ids: string[] }) => ids.flatMap((id) => (registered.has(id) ? [structuredClone(registered.get(id)!)] : [])),
      registerContentScripts: async (scripts: Array<{ id: string }>) => {
        writes.push('register');
        for (const script of scripts) registered.set(script.id, { world: 'ISOLATED', matchOriginAsFallback: false, ...script });
      },
      updateContentScripts: async (scripts: Array<{ id: string }>) => {
        writes.push('update');
        for (const script of scripts) registered.set(script.id, { ...registered.get(script.id), ...script });
      },
    },
  };
});
vi.mock('wxt/browser', () => ({ browser: { scripting: scripting.api } }));

const CRM = ['https://crm.centre.example/*'];

describe('the sidebar’s registration', () => {
  beforeEach(() => {
    scripting.registered.clear();
    scripting.writes.length = 0;
  });

  it('is written only when it differs from what is wanted: a woken service worker checks it at every start', async () => {
    await registerSidebar(CRM, await sidebarRegistration());
    expect(scripting.writes).toEqual(['register']);

    await registerSidebar([...CRM], await sidebarRegistration());
    expect(scripting.writes).toEqual(['register']);

    await registerSidebar([...CRM, 'https://crm2.centre.example/*'], await sidebarRegistration());
    expect(scripting.writes).toEqual(['register', 'update']);
    expect((await sidebarRegistration())?.matches).toEqual([...CRM, 'https://crm2.centre.example/*']);
  });

  it('is rewritten when an update of the extension left an older one (another file, other frames)', async () => {
    await registerSidebar(CRM, null);
    scripting.registered.set('iceberg-sidebar', { ...scripting.registered.get('iceberg-sidebar'), js: ['content-scripts/sidebar.js'], allFrames: false });

    await registerSidebar(CRM, await sidebarRegistration());
    expect(scripting.writes).toEqual(['register', 'update']);
    expect(await sidebarRegistration()).toMatchObject({ js: ['crm-page.js'], allFrames: true, runAt: 'document_start', matches: CRM });
  });
});
