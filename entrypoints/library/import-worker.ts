/// <reference lib="webworker" />
// The library page's worker: checks and writes the case library and the search lexicon, and builds
// their search index, off the main thread.
import { openDatabase } from '@/storage/database/database';
import { LibraryJobs } from '@/storage/pages/library-jobs';
import type { ImportWorkerReply, ImportWorkerRequest } from '@/storage/pages/library-worker-protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const job = new LibraryJobs(openDatabase(), (message: ImportWorkerReply) => scope.postMessage(message));
scope.onmessage = (event: MessageEvent<ImportWorkerRequest>) => void job.handle(event.data);
