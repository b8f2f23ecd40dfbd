import { render } from 'preact';
import '@/components/shared/extension-page.css';
import { LibraryPage } from '@/components/library/LibraryPage';
import { openDatabase } from '@/storage/database/database';
import { createLibraryPageBackend } from '@/storage/pages/case-library';

const worker = new Worker(new URL('./import-worker.ts', import.meta.url), { type: 'module' });
render(<LibraryPage backend={createLibraryPageBackend(openDatabase(), worker)} />, document.getElementById('app')!);
