import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { DEFAULT_TAXONOMY } from '@/knowledge/taxonomy/default-taxonomy';
import { findCategory } from '@/knowledge/taxonomy/taxonomy-lookup';
import { DEFAULT_SETTINGS } from '@/knowledge/settings/settings';
import type { CrmSite } from '@/knowledge/work-orders/work-order-rule';
import { IcebergDatabase } from '@/storage/database/database';
import { recordClick, undoClick } from '@/storage/database/click-log';
import { currentTaxonomy, replaceTaxonomy } from '@/storage/database/taxonomy';
import { storedSettings, updateStoredSettings } from '@/storage/database/settings';
import { CRM, click, dropDatabase, newDatabase, rawTaxonomy, taxonomyOf } from './helpers';

let db: IcebergDatabase;
beforeEach(() => {
  db = newDatabase();
});
afterEach(async () => {
  await dropDatabase(db);
});

const IMPORTED_AT = new Date('2026-11-23T01:00:00.000Z');

/** The default taxonomy without the given categories, as a lead's edited spreadsheet would be. */
function defaultWithout(...ids: string[]) {
  return { ...DEFAULT_TAXONOMY, version: '2026.12-1', categories: DEFAULT_TAXONOMY.categories.filter((c) => !ids.includes(c.id)) };
}

describe('replaceTaxonomy', () => {
  it('serves the shipped default until a lead imports one', async () => {
    expect(await currentTaxonomy(db)).toEqual(DEFAULT_TAXONOMY);
  });

  it('stores the imported taxonomy and when it was imported', async () => {
    const next = taxonomyOf([{ id: 'billing', shortcut: '1' }, { id: 'network', shortcut: '2' }]);
    expect(await replaceTaxonomy(db, next, IMPORTED_AT)).toEqual(next);
    expect(await currentTaxonomy(db)).toEqual(next);
    expect((await db.taxonomy.get('current'))?.importedAt).toBe('2026-11-23T01:00:00.000Z');
  });

  it('keeps a dropped category that has clicks, as retired, so history and exports keep its name', async () => {
    await recordClick(db, click('sms'), CRM);
    const merged = await replaceTaxonomy(db, defaultWithout('sms'), IMPORTED_AT);

    const sms = findCategory(merged, 'sms');
    expect(sms).toMatchObject({ retired: true, name: { zh: '短信/彩信', en: 'SMS & MMS' } });
    expect(sms?.shortcut).toBeUndefined();
    expect(await currentTaxonomy(db)).toEqual(merged);
    await expect(recordClick(db, click('sms'), CRM)).rejects.toMatchObject({ code: 'retired-category' });
  });

  it('keeps a dropped category whose only clicks were undone (they stay in the audit log)', async () => {
    const request = click('device');
    await recordClick(db, request, CRM);
    await undoClick(db, request.id, new Date());
    expect(findCategory(await replaceTaxonomy(db, defaultWithout('device'), IMPORTED_AT), 'device')?.retired).toBe(true);
  });

  it('removes a dropped category nobody clicked', async () => {
    await recordClick(db, click('billing'), CRM);
    const merged = await replaceTaxonomy(db, defaultWithout('sms'), IMPORTED_AT);
    expect(findCategory(merged, 'sms')).toBeUndefined();
    expect(merged.categories).toHaveLength(DEFAULT_TAXONOMY.categories.length - 1);
  });

  it('frees a retired category’s shortcut for a new category', async () => {
    await recordClick(db, click('sms'), CRM);
    const next = {
      ...defaultWithout('sms'),
      categories: [
        ...defaultWithout('sms').categories,
        { id: 'verification-codes', name: { zh: '验证码', en: 'Verification codes' }, color: '#0b7285', shortcut: '8', retired: false },
      ],
    };
    const merged = await replaceTaxonomy(db, next, IMPORTED_AT);
    expect(findCategory(merged, 'verification-codes')?.shortcut).toBe('8');
    expect(findCategory(merged, 'sms')?.retired).toBe(true);
  });

  it('rejects an invalid file and keeps the taxonomy in force', async () => {
    const invalid = rawTaxonomy([{ id: 'billing', shortcut: '1' }, { id: 'network', shortcut: '1' }]);
    // A lead's file arrives untyped; the store must check it rather than trust the type.
    const error = await replaceTaxonomy(db, invalid as never, IMPORTED_AT).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ZodError);
    expect((error as ZodError).issues.map((issue) => issue.message)).toEqual(['shortcut "1" is already used by "billing"']);
    expect(await currentTaxonomy(db)).toEqual(DEFAULT_TAXONOMY);
  });

  // BUG: storage/database/taxonomy.ts carries a used, dropped sub-category (with its parentId) but
  // drops its parent when the parent itself has no direct clicks, so Taxonomy.parse of the merged
  // taxonomy fails with 'unknown parent category "billing"'. A lead cannot remove a whole branch
  // once any of its sub-categories has been clicked.
  it('BUG: lets a lead drop a whole branch whose sub-category has clicks', async () => {
    await recordClick(db, click('billing-vas'), CRM);
    const merged = await replaceTaxonomy(db, defaultWithout('billing', 'billing-vas', 'billing-roaming'), IMPORTED_AT);
    expect(findCategory(merged, 'billing-vas')?.retired).toBe(true);
  });
});

describe('settings', () => {
  const helpdesk: CrmSite = {
    matchPattern: 'https://helpdesk.example.com/*',
    label: 'Helpdesk',
    workOrderRule: { selector: '.ticket-no' },
  };

  it('start from the defaults', async () => {
    expect(await storedSettings(db)).toEqual(DEFAULT_SETTINGS);
  });

  it('apply a patch to one field and keep the others', async () => {
    const updated = await updateStoredSettings(db, { agentId: 'agent-007' });
    expect(updated).toEqual({ ...DEFAULT_SETTINGS, agentId: 'agent-007' });
    const collapsed = await updateStoredSettings(db, { sidebarCollapsed: true, crmSites: [helpdesk] });
    expect(collapsed).toEqual({ ...DEFAULT_SETTINGS, agentId: 'agent-007', sidebarCollapsed: true, crmSites: [helpdesk] });
  });

  it('survive reopening the database (a restarted service worker)', async () => {
    await updateStoredSettings(db, { agentId: 'agent-007', locale: 'en' });
    const reopened = new IcebergDatabase(db.name);
    try {
      expect(await storedSettings(reopened)).toMatchObject({ agentId: 'agent-007', locale: 'en' });
    } finally {
      reopened.close();
    }
  });

  it('trim the agent id', async () => {
    expect((await updateStoredSettings(db, { agentId: '  agent-007 ' })).agentId).toBe('agent-007');
  });

  it('reject a bad match pattern with a clear message and keep what was stored', async () => {
    await updateStoredSettings(db, { agentId: 'agent-007' });
    const bad = { ...helpdesk, matchPattern: 'helpdesk.example.com' };
    const error = await updateStoredSettings(db, { crmSites: [bad] }).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ZodError);
    expect((error as ZodError).issues[0]).toMatchObject({
      path: ['crmSites', 0, 'matchPattern'],
      message: 'must be a match pattern like https://crm.example.com/*',
    });
    expect(await storedSettings(db)).toEqual({ ...DEFAULT_SETTINGS, agentId: 'agent-007' });
  });
});
