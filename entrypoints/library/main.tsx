import { render } from 'preact';
import '@/components/settings.css';
import { LibraryManager, type ImportState, type ScriptUsageRow, type TaxonomyImportState } from '@/components/LibraryManager';
import {
  libraryExportFileName,
  libraryToCsv,
  libraryToJson,
  taxonomyExportFileName,
  taxonomyToCsv,
  taxonomyToJson,
} from '@/knowledge/files/library-files';
import { checkTaxonomyFile } from '@/knowledge/taxonomy/taxonomy-check';
import { localDay } from '@/knowledge/clicks/local-time';
import type { ImportMode } from '@/knowledge/case-library/library-diff';
import { IcebergDatabase } from '@/storage/database';
import { currentLibraryRecord, restoreDefaultLibrary, scriptUsage, searchMissSummary } from '@/storage/library-store';
import { currentSettings } from '@/storage/settings-store';
import { currentTaxonomy, replaceTaxonomy } from '@/storage/taxonomy-store';
import { askBackground } from '@/storage/messaging/client';
import type { ImportWorkerReply, ImportWorkerRequest } from './import-worker-protocol';

// The library page opens the extension's own database directly (same origin as the background)
// and tells the background to rebuild its search index after an import.
const db = new IcebergDatabase();
const root = document.getElementById('app')!;
const worker = new Worker(new URL('./import-worker.ts', import.meta.url), { type: 'module' });
let importState: ImportState = { kind: 'idle' };
let workerFile = '';
let chosenMode: ImportMode = 'merge';
let taxonomyState: TaxonomyImportState = { kind: 'idle' };

async function chooseTaxonomyFile(file: File) {
  // A taxonomy is at most a few hundred rows: checked on the page itself.
  const check = checkTaxonomyFile(new Uint8Array(await file.arrayBuffer()), { fileName: file.name, today: localDay(new Date()) });
  taxonomyState = { kind: 'checked', fileName: file.name, taxonomy: check.taxonomy, problems: check.problems };
  void show();
}

async function importTaxonomy() {
  if (taxonomyState.kind !== 'checked' || !taxonomyState.taxonomy) return;
  const { fileName, taxonomy } = taxonomyState;
  try {
    await replaceTaxonomy(db, taxonomy, new Date());
    await askBackground('taxonomyChanged', {}).catch(() => null);
    taxonomyState = { kind: 'imported', fileName };
  } catch (error) {
    taxonomyState = { kind: 'failed', fileName, message: error instanceof Error ? error.message : String(error) };
  }
  void show(true);
}

function ask(request: ImportWorkerRequest, transfer: Transferable[] = []) {
  worker.postMessage(request, transfer);
}

worker.onmessage = (event: MessageEvent<ImportWorkerReply>) => {
  const reply = event.data;
  if (reply.type === 'progress') importState = { kind: 'working', fileName: workerFile, stage: reply.stage };
  else if (reply.type === 'checked') importState = { kind: 'checked', fileName: workerFile, check: reply.check, preview: reply.preview };
  else if (reply.type === 'failed') importState = { kind: 'failed', fileName: workerFile, message: reply.message };
  else if (reply.type === 'applied') {
    const checked = importState;
    void askBackground('libraryChanged', {})
      .catch(() => null)
      .then(() => {
        importState =
          checked.kind === 'working' || checked.kind === 'checked'
            ? { kind: 'imported', fileName: workerFile, mode: chosenMode, scriptCount: reply.scriptCount }
            : { kind: 'idle' };
      })
      .finally(() => void show(true));
  }
  void show();
};

async function chooseFile(file: File, encoding: string | undefined) {
  workerFile = file.name;
  importState = { kind: 'working', fileName: file.name, stage: 'reading' };
  void show();
  const bytes = await file.arrayBuffer();
  ask({ type: 'check', bytes, fileName: file.name, encoding, today: localDay(new Date()) }, [bytes]);
}

function download(text: string, fileName: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// What the page shows from storage, read again only when it changed: reading a big library on
// every progress message would stall the page during an import.
let stored: Promise<Awaited<ReturnType<typeof readStored>>> | null = null;
const readStored = () =>
  Promise.all([currentLibraryRecord(db), currentSettings(db), scriptUsage(db), searchMissSummary(db), currentTaxonomy(db)]);

async function show(reload = false) {
  if (reload || !stored) stored = readStored();
  const [record, settings, usage, misses, taxonomy] = await stored;
  const titles = new Map(record.value.scripts.map((script) => [script.id, script.title]));
  const usageRows: ScriptUsageRow[] = [...usage.entries()]
    .map(([scriptId, summary]) => ({ scriptId, title: titles.get(scriptId) ?? '—', ...summary }))
    .sort((a, b) => b.count - a.count || b.lastUsedAt - a.lastUsedAt);
  const library = record.value;
  render(
    <LibraryManager
      locale={settings.locale}
      library={{
        name: library.name,
        version: library.version,
        scriptCount: library.scripts.length,
        importedAt: record.importedAt,
        fileName: record.fileName,
        isDefault: record.isDefault,
      }}
      taxonomy={{
        name: taxonomy.name,
        version: taxonomy.version,
        activeCount: taxonomy.categories.filter((category) => !category.retired).length,
        retiredCount: taxonomy.categories.filter((category) => category.retired).length,
      }}
      taxonomyState={taxonomyState}
      onChooseTaxonomyFile={(file) => void chooseTaxonomyFile(file)}
      onImportTaxonomy={() => void importTaxonomy()}
      onCancelTaxonomy={() => {
        taxonomyState = { kind: 'idle' };
        void show();
      }}
      onExportTaxonomy={(format) =>
        format === 'json'
          ? download(taxonomyToJson(taxonomy), taxonomyExportFileName(taxonomy, 'json'), 'application/json')
          : download(taxonomyToCsv(taxonomy, { bom: true }), taxonomyExportFileName(taxonomy, 'csv'), 'text/csv')
      }
      usage={usageRows}
      misses={misses}
      importState={importState}
      onChooseFile={(file, encoding) => void chooseFile(file, encoding)}
      onImport={(mode: ImportMode) => {
        chosenMode = mode;
        ask({ type: 'apply', mode });
      }}
      onCancelImport={() => {
        importState = { kind: 'idle' };
        void show();
      }}
      onExport={(format) =>
        format === 'json'
          ? download(libraryToJson(library), libraryExportFileName(library, 'json'), 'application/json')
          : download(libraryToCsv(library, { bom: true }), libraryExportFileName(library, 'csv'), 'text/csv')
      }
      onRestoreDefault={() =>
        void restoreDefaultLibrary(db)
          .then(() => askBackground('libraryChanged', {}).catch(() => null))
          .then(() => show(true))
      }
    />,
    root,
  );
}

void show();
