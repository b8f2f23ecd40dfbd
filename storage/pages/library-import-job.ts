import { checkLibraryFile, incomingLibrary, type LibraryImportCheck } from '@/knowledge/case-library/library-check';
import { applyImport, previewImport } from '@/knowledge/case-library/library-diff';
import type { CaseLibrary } from '@/knowledge/case-library/case-script';
import type { TextEncodingName } from '@/knowledge/files/text-decoding';
import type { IcebergDatabase } from '@/storage/database/database';
import { currentLibrary, replaceLibrary } from '@/storage/database/case-library';
import { currentTaxonomy } from '@/storage/database/taxonomy';
import type { ImportWorkerReply, ImportWorkerRequest } from './library-worker-protocol';

/**
 * A case-library import, run in the library page's worker so a 10,000-row spreadsheet never
 * freezes the page: check the file, preview what it changes, then write it in one transaction.
 */
export class LibraryImportJob {
  private checked: { check: LibraryImportCheck; current: CaseLibrary; fileName: string } | null = null;

  constructor(
    private readonly db: IcebergDatabase,
    private readonly reply: (message: ImportWorkerReply) => void,
  ) {}

  async handle(request: ImportWorkerRequest): Promise<void> {
    try {
      if (request.type === 'check') {
        // Read here, not on the page: a 10,000-script library is megabytes to clone.
        const [taxonomy, current] = await Promise.all([currentTaxonomy(this.db), currentLibrary(this.db)]);
        this.reply({ type: 'progress', stage: 'checking' });
        const check = checkLibraryFile(new Uint8Array(request.bytes), {
          fileName: request.fileName,
          encoding: request.encoding as TextEncodingName | undefined,
          taxonomy,
          today: request.today,
        });
        this.reply({ type: 'progress', stage: 'comparing' });
        this.checked = { check, current, fileName: request.fileName };
        const { valid, ...summary } = check;
        this.reply({ type: 'checked', check: { ...summary, validCount: valid.length }, preview: previewImport(current, valid) });
      } else if (request.type === 'apply') {
        if (!this.checked) throw new Error('No checked file to import');
        this.reply({ type: 'progress', stage: 'writing' });
        const library = applyImport(this.checked.current, incomingLibrary(this.checked.check), request.mode);
        await replaceLibrary(this.db, library, { importedAt: new Date(), fileName: this.checked.fileName });
        this.reply({ type: 'applied', scriptCount: library.scripts.length });
      }
    } catch (error) {
      this.reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  }
}
