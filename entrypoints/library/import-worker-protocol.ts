import type { CaseLibrary } from '@/knowledge/library/case-script';
import type { LibraryImportCheck } from '@/knowledge/library/import-check';
import type { ImportMode, ImportPreview } from '@/knowledge/library/library-diff';
import type { Taxonomy } from '@/knowledge/taxonomy';

/** Between the library page and its import worker (same extension page, structured clone). */
export type ImportWorkerRequest =
  | {
      type: 'check';
      bytes: ArrayBuffer;
      fileName: string;
      encoding?: string;
      taxonomy: Taxonomy;
      current: CaseLibrary;
      today: string;
    }
  | { type: 'apply'; mode: ImportMode };

export type ImportWorkerReply =
  | { type: 'progress'; stage: 'reading' | 'checking' | 'comparing' | 'writing' }
  | { type: 'checked'; check: LibraryImportCheck; preview: ImportPreview }
  | { type: 'applied'; library: CaseLibrary }
  | { type: 'failed'; message: string };
