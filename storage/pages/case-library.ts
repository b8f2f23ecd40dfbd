import type { CaseLibrary } from '@/knowledge/case-library/case-script';
import type { ImportMode, ImportPreview } from '@/knowledge/case-library/library-diff';
import { openMisses, type AttachProblem } from '@/knowledge/case-library/script-aliases';
import { scriptUsageRows, type ScriptUsageRow, type SearchMissSummary } from '@/knowledge/case-library/script-usage';
import { localDay } from '@/knowledge/clicks/local-time';
import type { ImportProblem } from '@/knowledge/files/file-problems';
import { documentFileName } from '@/knowledge/files/file-names';
import type { TextEncodingName } from '@/knowledge/files/text-decoding';
import { libraryToCsv, libraryToJson, taxonomyToCsv, taxonomyToJson } from '@/knowledge/files/library-files';
import type { AgentSettings, Locale } from '@/knowledge/settings/settings';
import type { SearchLexicon } from '@/knowledge/search/lexicon';
import { checkLexiconFile, lexiconToCsv, lexiconToJson } from '@/knowledge/search/lexicon-files';
import { checkTaxonomyFile } from '@/knowledge/taxonomy/taxonomy-check';
import type { Taxonomy } from '@/knowledge/taxonomy/taxonomy';
import { currentLibraryRecord, scriptUsage, searchMissSummary } from '@/storage/database/case-library';
import type { IcebergDatabase, SubscribedDocument } from '@/storage/database/database';
import { currentLexiconRecord } from '@/storage/database/search-lexicon';
import { currentTaxonomy, replaceTaxonomy } from '@/storage/database/taxonomy';
import { askBackground, onBackgroundEvent } from '@/storage/messaging/client';
import type { SubscriptionState } from '@/knowledge/centre/library-subscription';
import { subscriptionState } from '@/storage/database/subscriptions';
import { settingsInForce } from '@/storage/settings-source';
import type { ImportCheckSummary, ImportWorkerReply, ImportWorkerRequest } from './library-worker-protocol';
import { PublishedDocumentLocked } from './published-lock';

export interface LibrarySummary {
  name: string;
  version: string;
  scriptCount: number;
  importedAt: string;
  fileName?: string;
  isDefault: boolean;
}

export interface TaxonomySummary {
  name: string;
  version: string;
  activeCount: number;
  retiredCount: number;
}

export interface LexiconSummary {
  name: string;
  version: string;
  entryCount: number;
  importedAt: string;
  fileName?: string;
  isDefault: boolean;
}

/** A document the centre publishes: its address, and what the last check of it found (null before the first). */
export interface PublishedDocument {
  url: string;
  state: SubscriptionState | null;
}

/** What the library page shows from storage. */
export interface LibraryPageData {
  locale: Locale;
  /** The centre publishes these: manual import is off, and the page says what agents get. */
  published: { library: PublishedDocument | null; taxonomy: PublishedDocument | null };
  library: LibrarySummary;
  taxonomy: TaxonomySummary;
  lexicon: LexiconSummary;
  usage: ScriptUsageRow[];
  /** Searches that found nothing or whose scripts went unused, not attached to a script yet. */
  misses: SearchMissSummary[];
  /** The library's scripts, to pick the one a missed search belongs to. */
  scripts: Array<{ id: string; title: string }>;
}

export type ImportStage = Extract<ImportWorkerReply, { type: 'progress' }>['stage'];

/** A file the lead exports: its text, name and type. */
export interface ExportedFile {
  text: string;
  fileName: string;
  mime: string;
}

/** The library page's access to stored data; a library file is checked and written in its worker. */
export interface LibraryPageBackend {
  load(): Promise<LibraryPageData>;
  /** Checks a library file; nothing is written until `applyLibraryImport`. */
  checkLibraryFile(file: File, encoding: TextEncodingName | undefined, onStage: (stage: ImportStage) => void): Promise<{ check: ImportCheckSummary; preview: ImportPreview }>;
  applyLibraryImport(mode: ImportMode): Promise<{ scriptCount: number }>;
  restoreDefaultLibrary(): Promise<void>;
  /** Attaches a missed search to a script as an alias (the library is written again, with its index). */
  attachSearch(query: string, scriptId: string): Promise<{ ok: true; alias: string } | { ok: false; problem: AttachProblem }>;
  /** A lexicon is a few thousand rows at most: checked on the page itself. */
  checkLexiconFile(file: File): Promise<{ lexicon: SearchLexicon | null; problems: ImportProblem[] }>;
  /** Replaces the lexicon; null: back to the shipped one. */
  importLexicon(lexicon: SearchLexicon | null, fileName?: string): Promise<void>;
  exportLexicon(format: 'json' | 'csv'): Promise<ExportedFile>;
  /** A taxonomy is at most a few hundred rows: checked on the page itself. */
  checkTaxonomyFile(file: File): Promise<{ taxonomy: Taxonomy | null; problems: ImportProblem[] }>;
  importTaxonomy(taxonomy: Taxonomy): Promise<void>;
  exportLibrary(format: 'json' | 'csv'): Promise<ExportedFile>;
  exportTaxonomy(format: 'json' | 'csv'): Promise<ExportedFile>;
  /** Has the background check the centre's published files now. */
  checkPublished(): Promise<void>;
  /** Calls `listener` when the library, the taxonomy or the check's outcome changed (the background took a new file). */
  onChange(listener: () => void): () => void;
}

/**
 * Whether the centre publishes the document (its address is in the settings in force). Reads IT's
 * policy, which the page can and its Web Worker cannot (a worker has no extension APIs).
 */
async function isPublished(db: IcebergDatabase, document: SubscribedDocument): Promise<boolean> {
  return publishedUrl(await settingsInForce(db), document) !== undefined;
}

/** Where the centre publishes the document, in these settings; undefined when it does not. */
function publishedUrl(settings: AgentSettings, document: SubscribedDocument): string | undefined {
  return document === 'library' ? settings.libraryUrl : settings.taxonomyUrl;
}

async function publishedDocument(db: IcebergDatabase, settings: AgentSettings, document: SubscribedDocument): Promise<PublishedDocument | null> {
  const url = publishedUrl(settings, document);
  if (!url) return null;
  const state = await subscriptionState(db, document);
  return { url, state: state?.url === url ? state : null };
}

export function createLibraryPageBackend(db: IcebergDatabase, worker: Worker): LibraryPageBackend {
  let pending: { resolve: (reply: ImportWorkerReply) => void; onStage?: (stage: ImportStage) => void } | null = null;
  worker.onmessage = (event: MessageEvent<ImportWorkerReply>) => {
    const reply = event.data;
    if (reply.type === 'progress') pending?.onStage?.(reply.stage);
    else pending?.resolve(reply);
  };
  // One job at a time: the worker answers in order, and each reply goes to the job that asked.
  let queue: Promise<unknown> = Promise.resolve();
  /** `lockedWhilePublished`: refused (PublishedDocumentLocked) if the centre publishes it when the job's turn comes. */
  const askWorker = (request: ImportWorkerRequest, options: { onStage?: (stage: ImportStage) => void; transfer?: Transferable[]; lockedWhilePublished?: SubscribedDocument } = {}) => {
    const asked = queue.then(async () => {
      const locked = options.lockedWhilePublished;
      if (locked && (await isPublished(db, locked))) throw new PublishedDocumentLocked(locked);
      return new Promise<ImportWorkerReply>((resolve) => {
        pending = { resolve, onStage: options.onStage };
        worker.postMessage(request, options.transfer ?? []);
      });
    });
    queue = asked.catch(() => undefined);
    return asked;
  };
  const failure = (reply: ImportWorkerReply) => new Error(reply.type === 'failed' ? reply.message : `unexpected reply ${reply.type}`);
  // Sidebars drop their copies of what changed (a sleeping service worker is woken for it).
  const tellSidebars = (table: 'caseLibrary' | 'taxonomy' | 'searchLexicon') => askBackground('storedDataChanged', { tables: [table] }).catch(() => null);

  return {
    async load() {
      const [record, settings, usage, misses, taxonomy, lexicon] = await Promise.all([
        currentLibraryRecord(db),
        settingsInForce(db),
        scriptUsage(db),
        searchMissSummary(db),
        currentTaxonomy(db),
        currentLexiconRecord(db),
      ]);
      const library = record.value;
      const [publishedLibrary, publishedTaxonomy] = await Promise.all([
        publishedDocument(db, settings, 'library'),
        publishedDocument(db, settings, 'taxonomy'),
      ]);
      return {
        locale: settings.locale,
        published: { library: publishedLibrary, taxonomy: publishedTaxonomy },
        library: {
          name: library.name,
          version: library.version,
          scriptCount: library.scripts.length,
          importedAt: record.importedAt,
          fileName: record.fileName,
          isDefault: record.isDefault,
        },
        taxonomy: {
          name: taxonomy.name,
          version: taxonomy.version,
          activeCount: taxonomy.categories.filter((category) => !category.retired).length,
          retiredCount: taxonomy.categories.filter((category) => category.retired).length,
        },
        lexicon: {
          name: lexicon.value.name,
          version: lexicon.value.version,
          entryCount: lexicon.value.entries.length,
          importedAt: lexicon.importedAt,
          fileName: lexicon.fileName,
          isDefault: lexicon.isDefault,
        },
        usage: scriptUsageRows(library.scripts, usage),
        misses: openMisses(misses, library),
        scripts: library.scripts.map(({ id, title }) => ({ id, title })),
      };
    },
    async checkLibraryFile(file, encoding, onStage) {
      onStage('reading');
      const bytes = await file.arrayBuffer();
      const reply = await askWorker({ type: 'check', bytes, fileName: file.name, encoding, today: localDay(new Date()) }, { onStage, transfer: [bytes] });
      if (reply.type !== 'checked') throw failure(reply);
      return { check: reply.check, preview: reply.preview };
    },
    async applyLibraryImport(mode) {
      const reply = await askWorker({ type: 'apply', mode }, { lockedWhilePublished: 'library' });
      if (reply.type !== 'applied') throw failure(reply);
      await tellSidebars('caseLibrary');
      return { scriptCount: reply.scriptCount };
    },
    async restoreDefaultLibrary() {
      const reply = await askWorker({ type: 'restore-default-library' }, { lockedWhilePublished: 'library' });
      if (reply.type !== 'done') throw failure(reply);
      await tellSidebars('caseLibrary');
    },
    async attachSearch(query, scriptId) {
      // The next published file would drop the alias: the wording goes to whoever keeps the file.
      const reply = await askWorker({ type: 'attach', query, scriptId, today: localDay(new Date()) }, { lockedWhilePublished: 'library' }).catch((error: unknown) => {
        if (error instanceof PublishedDocumentLocked) return null;
        throw error;
      });
      if (reply === null) return { ok: false, problem: 'library-published' };
      if (reply.type === 'attach-refused') return { ok: false, problem: reply.problem };
      if (reply.type !== 'attached') throw failure(reply);
      await tellSidebars('caseLibrary');
      return { ok: true, alias: reply.alias };
    },
    async checkLexiconFile(file) {
      const check = checkLexiconFile(new Uint8Array(await file.arrayBuffer()), { fileName: file.name, today: localDay(new Date()) });
      return { lexicon: check.lexicon, problems: check.problems };
    },
    async importLexicon(lexicon, fileName) {
      const reply = await askWorker({ type: 'lexicon', lexicon, fileName });
      if (reply.type !== 'done') throw failure(reply);
      await tellSidebars('searchLexicon');
    },
    async exportLexicon(format) {
      const lexicon = (await currentLexiconRecord(db)).value;
      return format === 'json'
        ? { text: lexiconToJson(lexicon), fileName: documentFileName(lexicon, 'json'), mime: 'application/json' }
        : { text: lexiconToCsv(lexicon), fileName: documentFileName(lexicon, 'csv'), mime: 'text/csv' };
    },
    async checkTaxonomyFile(file) {
      const check = checkTaxonomyFile(new Uint8Array(await file.arrayBuffer()), { fileName: file.name, today: localDay(new Date()) });
      return { taxonomy: check.taxonomy, problems: check.problems };
    },
    async importTaxonomy(taxonomy) {
      if (await isPublished(db, 'taxonomy')) throw new PublishedDocumentLocked('taxonomy');
      await replaceTaxonomy(db, taxonomy, new Date());
      await tellSidebars('taxonomy');
    },
    async exportLibrary(format) {
      const library: CaseLibrary = (await currentLibraryRecord(db)).value;
      return format === 'json'
        ? { text: libraryToJson(library), fileName: documentFileName(library, 'json'), mime: 'application/json' }
        : { text: libraryToCsv(library, { bom: true }), fileName: documentFileName(library, 'csv'), mime: 'text/csv' };
    },
    checkPublished: async () => void (await askBackground('checkSubscriptions', {})),
    onChange: (listener) =>
      onBackgroundEvent((event) => {
        if (event.type === 'libraryChanged' || event.type === 'taxonomyChanged' || event.type === 'centreStatusChanged' || event.type === 'settingsChanged') listener();
      }),
    async exportTaxonomy(format) {
      const taxonomy = await currentTaxonomy(db);
      return format === 'json'
        ? { text: taxonomyToJson(taxonomy), fileName: documentFileName(taxonomy, 'json'), mime: 'application/json' }
        : { text: taxonomyToCsv(taxonomy, { bom: true }), fileName: documentFileName(taxonomy, 'csv'), mime: 'text/csv' };
    },
  };
}
