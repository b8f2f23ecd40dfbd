import type { LibraryImportCheck } from '@/knowledge/case-library/library-check';
import type { ImportMode, ImportPreview } from '@/knowledge/case-library/library-diff';
import type { AttachProblem } from '@/knowledge/case-library/script-aliases';
import type { SearchLexicon } from '@/knowledge/search/lexicon';
import type { TextEncodingName } from '@/knowledge/files/text-decoding';

/**
 * Between the library page and its worker (same extension page, structured clone). Every job
 * that changes the library or the lexicon runs there: it also builds the search index for the
 * new library and stores it in the same transaction, so no woken service worker has to.
 */
export type ImportWorkerRequest =
  | {
      type: 'check';
      bytes: ArrayBuffer;
      fileName: string;
      encoding?: TextEncodingName;
      today: string;
    }
  /** Writes the checked file's valid scripts, here in the worker: one transaction, page stays responsive. */
  | { type: 'apply'; mode: ImportMode }
  /** Back to the shipped library. */
  | { type: 'restore-default-library' }
  /** A missed search becomes an alias of the script that answers it. */
  | { type: 'attach'; query: string; scriptId: string; today: string }
  /** A checked lexicon replaces the one in force; null: back to the shipped one. */
  | { type: 'lexicon'; lexicon: SearchLexicon | null; fileName?: string };

/** A check without the scripts themselves: cloning 10,000 scripts back would stall the page. */
export type ImportCheckSummary = Omit<LibraryImportCheck, 'valid'> & { validCount: number };

export type ImportWorkerReply =
  | { type: 'progress'; stage: 'reading' | 'checking' | 'comparing' | 'writing' }
  | { type: 'checked'; check: ImportCheckSummary; preview: ImportPreview }
  | { type: 'applied'; scriptCount: number }
  | { type: 'attached'; alias: string }
  | { type: 'attach-refused'; problem: AttachProblem }
  | { type: 'done' }
  | { type: 'failed'; message: string };
