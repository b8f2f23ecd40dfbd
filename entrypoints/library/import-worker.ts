/// <reference lib="webworker" />
// Checks an imported file off the page's main thread, so a 10,000-row spreadsheet never freezes
// the library page. Wiring only: the checks are knowledge/ code.
import { checkLibraryFile, incomingLibrary, type LibraryImportCheck } from '@/knowledge/library/import-check';
import { applyImport, previewImport, type ImportMode } from '@/knowledge/library/library-diff';
import type { CaseLibrary } from '@/knowledge/library/case-script';
import type { TextEncodingName } from '@/knowledge/library/decode';
import type { Taxonomy } from '@/knowledge/taxonomy';
import type { ImportWorkerReply, ImportWorkerRequest } from './import-worker-protocol';

let checked: { check: LibraryImportCheck; current: CaseLibrary } | null = null;

const reply = (message: ImportWorkerReply) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(message);

self.onmessage = (event: MessageEvent<ImportWorkerRequest>) => {
  const request = event.data;
  try {
    if (request.type === 'check') {
      reply({ type: 'progress', stage: 'checking' });
      const check = checkLibraryFile(new Uint8Array(request.bytes), {
        fileName: request.fileName,
        encoding: request.encoding as TextEncodingName | undefined,
        taxonomy: request.taxonomy as Taxonomy,
        today: request.today,
      });
      reply({ type: 'progress', stage: 'comparing' });
      checked = { check, current: request.current };
      reply({ type: 'checked', check, preview: previewImport(request.current, check.valid) });
    } else if (request.type === 'apply') {
      if (!checked) throw new Error('No checked file to import');
      const library = applyImport(checked.current, incomingLibrary(checked.check), request.mode as ImportMode);
      reply({ type: 'applied', library });
    }
  } catch (error) {
    reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
};
