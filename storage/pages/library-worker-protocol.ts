import type { LibraryImportCheck } from '@/knowledge/case-library/library-check';
import type { ImportMode, ImportPreview } from '@/knowledge/case-library/library-diff';

/** Between the library page and its import worker (same extension page, structured clone). */
export type ImportWorkerRequest =
  | {
      type: 'check';
      bytes: ArrayBuffer;
      fileName: string;
      encoding?: string;
      today: string;
    }
  /** Writes the checked file's valid scripts, here in the worker: one transaction, page stays responsive. */
  | { type: 'apply'; mode: ImportMode };

/** A check without the scripts themselves: cloning 10,000 scripts back would stall the page. */
export type ImportCheckSummary = Omit<LibraryImportCheck, 'valid'> & { validCount: number };

export type ImportWorkerReply =
  | { type: 'progress'; stage: 'reading' | 'checking' | 'comparing' | 'writing' }
  | { type: 'checked'; check: ImportCheckSummary; preview: ImportPreview }
  | { type: 'applied'; scriptCount: number }
  | { type: 'failed'; message: string };
