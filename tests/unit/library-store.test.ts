import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import Dexie from 'dexie';
import { defaultLibrary } from '@/knowledge/case-library/default-library';
import { CASE_LIBRARY_SCHEMA_VERSION, CaseLibrary } from '@/knowledge/case-library/case-script';
import { applyImport } from '@/knowledge/case-library/library-diff';
import { IcebergDatabase } from '@/storage/database/database';
import {
  currentLibrary,
  currentLibraryRecord,
  recordScriptUse,
  recordSearchMiss,
  replaceLibrary,
  restoreDefaultLibrary,
  scriptUsage,
  searchMissSummary,
} from '@/storage/database/case-library';
import { dropDatabase, newDatabase } from './helpers';

let db: IcebergDatabase;
beforeEach(() => {
  db = newDatabase();
});
afterEach(async () => {
  await dropDatabase(db);
});

const IMPORTED_AT = new Date('2026-11-23T02:00:00.000Z');

function libraryOf(ids: string[], version = '2026.12'): CaseLibrary {
  return {
    schemaVersion: CASE_LIBRARY_SCHEMA_VERSION,
    name: '华东呼叫中心话术库',
    version,
    scripts: ids.map((id) => ({
      id,
      title: `标题 ${id}`,
      scenario: '客户反映本月话费比上月多出 30 元',
      solution: '调取详单，逐项核对',
      script: '非常理解您的心情，我马上为您核实，[X]个工作日内给您回复。',
      keywords: ['话费', '扣费'],
      categoryIds: ['billing'],
      updatedAt: '2026-11-20',
    })),
  };
}

function use(scriptId: string, usedAt: string) {
  return {
    id: crypto.randomUUID(),
    scriptId,
    action: 'copy' as const,
    usedAt,
    day: usedAt.slice(0, 10),
    agentId: 'A-1024',
    workOrderRef: 'CASE-2026-0001',
    site: '127.0.0.1:4173',
  };
}

function miss(query: string, occurredAt: string, agentId = 'A-1024') {
  return { id: crypto.randomUUID(), query, occurredAt, day: occurredAt.slice(0, 10), agentId, categoryId: null };
}

describe('the case library in storage', () => {
  it('serves the shipped library until a lead imports one', async () => {
    const record = await currentLibraryRecord(db);
    expect(record.isDefault).toBe(true);
    expect(record.value).toEqual(defaultLibrary());
  });

  it('stores an imported library with when and from which file, and can go back to the default', async () => {
    await replaceLibrary(db, libraryOf(['b-001', 'b-002']), { importedAt: IMPORTED_AT, fileName: '话术库.csv' });
    const record = await currentLibraryRecord(db);
    expect(record).toMatchObject({ isDefault: false, importedAt: IMPORTED_AT.toISOString(), fileName: '话术库.csv' });
    expect(record.value.scripts.map((script) => script.id)).toEqual(['b-001', 'b-002']);
    await restoreDefaultLibrary(db);
    expect(await currentLibrary(db)).toEqual(defaultLibrary());
  });

  it('refuses an invalid library and keeps the previous one whole', async () => {
    await replaceLibrary(db, libraryOf(['b-001']), { importedAt: IMPORTED_AT });
    const broken = libraryOf(['b-002', 'b-002']);
    await expect(replaceLibrary(db, broken, { importedAt: IMPORTED_AT })).rejects.toThrow(/duplicate script id/);
    expect((await currentLibrary(db)).scripts.map((script) => script.id)).toEqual(['b-001']);
  });

  it('stores an import without validating its 10,000 scripts twice, yet validates a library changed after its check', async () => {
    const imported = applyImport(defaultLibrary(), { name: '话术库', version: '2026.12', scripts: libraryOf(['b-001', 'b-002']).scripts }, 'replace');
    const parse = vi.spyOn(CaseLibrary, 'parse');
    await replaceLibrary(db, imported, { importedAt: IMPORTED_AT });
    expect(parse).not.toHaveBeenCalled();
    expect((await currentLibrary(db)).scripts.map((script) => script.id)).toEqual(['b-001', 'b-002']);
    // A new object made from a validated one (a script added, here a duplicate) is checked again.
    const changed = { ...imported, scripts: [...imported.scripts, imported.scripts[0]!] };
    await expect(replaceLibrary(db, changed, { importedAt: IMPORTED_AT })).rejects.toThrow(/duplicate script id/);
    expect(parse).toHaveBeenCalledTimes(1);
    parse.mockRestore();
    expect((await currentLibrary(db)).scripts.map((script) => script.id)).toEqual(['b-001', 'b-002']);
  });

  it('keeps the previous library when the write fails half-way (e.g. storage full)', async () => {
    await replaceLibrary(db, libraryOf(['b-001']), { importedAt: IMPORTED_AT });
    vi.spyOn(db.caseLibrary, 'put').mockRejectedValueOnce(Object.assign(new Error('quota'), { name: 'QuotaExceededError' }));
    await expect(replaceLibrary(db, libraryOf(['b-009']), { importedAt: IMPORTED_AT })).rejects.toMatchObject({ code: 'storage-full' });
    expect((await currentLibrary(db)).scripts.map((script) => script.id)).toEqual(['b-001']);
  });

  it('opens a v1 database (clicks only) and adds the library tables without touching the clicks', async () => {
    const name = `test-v1-${crypto.randomUUID()}`;
    const v1 = new Dexie(name);
    v1.version(1).stores({
      events: 'id, occurredAt, day, [day+categoryId], categoryId, agentId, site',
      dailyCounts: '[day+categoryId], day, categoryId',
      settings: 'key',
      taxonomy: 'key',
    });
    await v1.table('dailyCounts').put({ day: '2026-11-23', categoryId: 'billing', clicks: 3, tickets: 1 });
    v1.close();
    const upgraded = new IcebergDatabase(name);
    try {
      expect(await upgraded.dailyCounts.toArray()).toEqual([{ day: '2026-11-23', categoryId: 'billing', clicks: 3, tickets: 1 }]);
      expect(await currentLibrary(upgraded)).toEqual(defaultLibrary());
      expect(upgraded.verno).toBeGreaterThanOrEqual(2); // later versions add tables of their own
    } finally {
      await dropDatabase(upgraded);
    }
  });
});

describe('script usage and searches that found nothing', () => {
  it('counts uses per script and remembers the newest', async () => {
    await recordScriptUse(db, use('b-001', '2026-11-23T09:00:00.000+08:00'));
    await recordScriptUse(db, use('b-001', '2026-11-23T10:00:00.000+08:00'));
    await recordScriptUse(db, use('b-002', '2026-11-23T09:30:00.000+08:00'));
    const usage = await scriptUsage(db);
    expect(usage.get('b-001')).toEqual({ count: 2, lastUsedAt: Date.parse('2026-11-23T10:00:00.000+08:00') });
    expect(usage.get('b-002')?.count).toBe(1);
  });

  it('refuses a malformed use and stores nothing', async () => {
    await expect(recordScriptUse(db, { ...use('b-001', 'yesterday'), usedAt: 'yesterday' })).rejects.toThrow();
    expect(await db.scriptUses.count()).toBe(0);
  });

  it('logs a missed query once per agent while they retype it, and ranks queries by how often they miss', async () => {
    expect(await recordSearchMiss(db, miss('携号转网 违约金', '2026-11-23T09:00:00.000+08:00'))).toBe(true);
    expect(await recordSearchMiss(db, miss('携号转网  违约金', '2026-11-23T09:02:00.000+08:00'))).toBe(false);
    expect(await recordSearchMiss(db, miss('携号转网 违约金', '2026-11-23T09:03:00.000+08:00', 'A-2048'))).toBe(true);
    expect(await recordSearchMiss(db, miss('携号转网 违约金', '2026-11-23T11:00:00.000+08:00'))).toBe(true);
    expect(await recordSearchMiss(db, miss('eSIM 开通', '2026-11-23T09:05:00.000+08:00'))).toBe(true);
    expect(await searchMissSummary(db)).toEqual([
      { query: '携号转网 违约金', count: 3, lastAt: '2026-11-23T11:00:00.000+08:00', noResults: 3, notUsed: 0, usedInsteadScriptIds: [] },
      { query: 'esim 开通', count: 1, lastAt: '2026-11-23T09:05:00.000+08:00', noResults: 1, notUsed: 0, usedInsteadScriptIds: [] },
    ]);
    expect(await searchMissSummary(db, '2026-11-24')).toEqual([]);
  });

  it('stores a missed query through the privacy gate: a caller’s number typed into the search is masked', async () => {
    expect(await recordSearchMiss(db, miss('客户 138 1234 5678 投诉', '2026-11-23T09:00:00.000+08:00'))).toBe(true);
    expect(await recordSearchMiss(db, miss('１３８１２３４５６７８', '2026-11-23T09:01:00.000+08:00'))).toBe(true);
    expect((await db.searchMisses.toArray()).map((stored) => stored.query).sort()).toEqual(['138****5678', '客户 138****5678 投诉']);
    expect((await searchMissSummary(db)).map((summary) => summary.query)).toEqual(['138****5678', '客户 138****5678 投诉']);
  });
});
