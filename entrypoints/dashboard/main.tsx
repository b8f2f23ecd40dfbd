import { render } from 'preact';
import '@/components/shared/extension-page.css';
import '@/components/dashboard/dashboard.css';
import '@/components/shared/visually-hidden.css';
import { DashboardPage } from '@/components/dashboard/DashboardPage';
import { localDay } from '@/knowledge/clicks/local-time';
import { openDatabase } from '@/storage/database/database';
import { storageEstimate } from '@/storage/database/storage-status';
import { createDashboardBackend } from '@/storage/pages/dashboard';

const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
const backend = createDashboardBackend(openDatabase(), worker);
// Extension pages may ask the browser to keep the data (the service worker cannot).
void storageEstimate({ requestPersistence: true }).finally(() =>
  render(<DashboardPage backend={backend} today={localDay(new Date())} />, document.getElementById('app')!),
);
