/// <reference lib="webworker" />
// The dashboard's worker: exports, merge imports and restores off the page's main thread.
import { openDatabase } from '@/storage/database/database';
import { DashboardJobs } from '@/storage/pages/dashboard-jobs';
import type { DashboardWorkerReply, DashboardWorkerRequest } from '@/storage/pages/dashboard-worker-protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const jobs = new DashboardJobs(openDatabase(), (message: DashboardWorkerReply, transfer: Transferable[] = []) => scope.postMessage(message, transfer));
scope.onmessage = (event: MessageEvent<DashboardWorkerRequest>) => void jobs.handle(event.data);
