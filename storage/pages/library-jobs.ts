import { checkLibraryFile, incomingLibrary, type LibraryImportCheck } from '@/knowledge/case-library/library-check';
import { applyImport, previewImport } from '@/knowledge/case-library/library-diff';
import type { CaseLibrary } from '@/knowledge/case-library/case-script';
import { defaultLibrary } from '@/knowledge/case-library/default-library';
import { attachQueryInLibrary } from '@/knowledge/case-library/script-aliases';
import { defaultSearchLexicon } from '@/knowledge/search/lexicon';
import type { IcebergDatabase } from '@/storage/database/database';
import { buildSearchIndex, currentLibrary, currentLibraryRecord, replaceLibrary, restoreDefaultLibrary } from '@/storage/database/case-library';
import { replaceLexicon, restoreDefaultLexicon } from '@/storage/database/search-lexicon';
import { currentTaxonomy } from '@/storage/database/taxonomy';
import type { ImportWorkerReply, ImportWorkerRequest } from './library-worker-protocol';

/**
 * The library page's jobs, run in its worker so a 10,000-row spreadsheet never freezes the page:
 * check a file, preview what it changes, then write it in one transaction; attach a missed
 * search to a script; replace the search lexicon. Each write also stores the search index of
 * what it wrote (built here, hundreds of milliseconds at 10,000 scripts), so the service worker
 * never builds it on an agent's keystroke.
 */
export class LibraryJobs {
  private checked: { check: LibraryImportCheck; current: CaseLibrary; fileName: string } | null = null;

  constructor(
    private readonly db: IcebergDatabase,
    private readonly reply: (message: ImportWorkerReply) => void,
  ) {}

  async handle(request: ImportWorkerRequest): Promise<void> {
    try {
      this.reply(await this.run(request));
    } catch (error) {
      this.reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  }

  private async run(request: ImportWorkerRequest): Promise<ImportWorkerReply> {
    const db = this.db;
    switch (request.type) {
      case 'check': {
        // Read here, not on the page: a 10,000-script library is megabytes to clone.
        const [taxonomy, current] = await Promise.all([currentTaxonomy(db), currentLibrary(db)]);
        this.reply({ type: 'progress', stage: 'checking' });
        const check = checkLibraryFile(new Uint8Array(request.bytes), {
          fileName: request.fileName,
          encoding: request.encoding,
          taxonomy,
          today: request.today,
        });
        this.reply({ type: 'progress', stage: 'comparing' });
        this.checked = { check, current, fileName: request.fileName };
        const { valid, ...summary } = check;
        return { type: 'checked', check: { ...summary, validCount: valid.length }, preview: previewImport(current, valid) };
      }
      case 'apply': {
        if (!this.checked) throw new Error('No checked file to import');
        this.reply({ type: 'progress', stage: 'writing' });
        const library = applyImport(this.checked.current, incomingLibrary(this.checked.check), request.mode);
        const { built } = await buildSearchIndex(db, { library });
        await replaceLibrary(db, library, { importedAt: new Date(), fileName: this.checked.fileName }, built);
        return { type: 'applied', scriptCount: library.scripts.length };
      }
      case 'restore-default-library': {
        const { built } = await buildSearchIndex(db, { library: defaultLibrary() });
        await restoreDefaultLibrary(db, built);
        return { type: 'done' };
      }
      case 'attach': {
        const record = await currentLibraryRecord(db);
        const attached = attachQueryInLibrary(record.value, request.scriptId, request.query, request.today);
        if (!attached.ok) return { type: 'attach-refused', problem: attached.problem };
        const { built } = await buildSearchIndex(db, { library: attached.library });
        // An edit, not an import: the library keeps the file and time it was imported from.
        await replaceLibrary(db, attached.library, { importedAt: record.importedAt ? new Date(record.importedAt) : new Date(), fileName: record.fileName }, built);
        return { type: 'attached', alias: attached.alias };
      }
      case 'lexicon': {
        const { lexicon } = request;
        const { built } = await buildSearchIndex(db, { lexicon: lexicon ?? defaultSearchLexicon() });
        if (lexicon) await replaceLexicon(db, lexicon, { importedAt: new Date(), fileName: request.fileName }, built);
        else await restoreDefaultLexicon(db, built);
        return { type: 'done' };
      }
    }
  }
}
