/// <reference lib="webworker" />
// The library page's worker: checks and writes an imported case library off the main thread.
import { openDatabase } from '@/storage/database/database';
import { LibraryImportJob } from '@/storage/pages/library-import-job';
import type { ImportWorkerReply, ImportWorkerRequest } from '@/storage/pages/library-worker-protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const job = new LibraryImportJob(openDatabase(), (message: ImportWorkerReply) => scope.postMessage(message));
scope.onmessage = (event: MessageEvent<ImportWorkerRequest>) => void job.handle(event.data);
