/// <reference lib="webworker" />
// Checks an imported file off the page's main thread, so a 10,000-row spreadsheet never freezes
// the library page. Wiring only: the checks are knowledge/ code.
import { checkLibraryFile, incomingLibrary, type LibraryImportCheck } from '@/knowledge/case-library/library-check';
import { applyImport, previewImport, type ImportMode } from '@/knowledge/case-library/library-diff';
import type { CaseLibrary } from '@/knowledge/case-library/case-script';
import type { TextEncodingName } from '@/knowledge/files/text-decoding';
import { IcebergDatabase } from '@/storage/database';
import { currentLibrary, replaceLibrary } from '@/storage/library-store';
import { currentTaxonomy } from '@/storage/taxonomy-store';
import type { ImportWorkerReply, ImportWorkerRequest } from './import-worker-protocol';

let checked: { check: LibraryImportCheck; current: CaseLibrary; fileName: string } | null = null;
// The extension's own database: a worker of an extension page shares its origin.
const db = new IcebergDatabase();

const reply = (message: ImportWorkerReply) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(message);

self.onmessage = async (event: MessageEvent<ImportWorkerRequest>) => {
  const request = event.data;
  try {
    if (request.type === 'check') {
      // Read here, not on the page: a 10,000-script library is megabytes to clone.
      const [taxonomy, current] = await Promise.all([currentTaxonomy(db), currentLibrary(db)]);
      reply({ type: 'progress', stage: 'checking' });
      const check = checkLibraryFile(new Uint8Array(request.bytes), {
        fileName: request.fileName,
        encoding: request.encoding as TextEncodingName | undefined,
        taxonomy,
        today: request.today,
      });
      reply({ type: 'progress', stage: 'comparing' });
      checked = { check, current, fileName: request.fileName };
      const { valid, ...summary } = check;
      reply({ type: 'checked', check: { ...summary, validCount: valid.length }, preview: previewImport(current, valid) });
    } else if (request.type === 'apply') {
      if (!checked) throw new Error('No checked file to import');
      reply({ type: 'progress', stage: 'writing' });
      const library = applyImport(checked.current, incomingLibrary(checked.check), request.mode as ImportMode);
      await replaceLibrary(db, library, { importedAt: new Date(), fileName: checked.fileName });
      reply({ type: 'applied', scriptCount: library.scripts.length });
    }
  } catch (error) {
    reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
};
