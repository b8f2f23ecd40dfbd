import { render } from 'preact';
import '@/components/shared/extension-page.css';
import { OptionsPage } from '@/components/settings/OptionsPage';
import { openDatabase } from '@/storage/database/database';
import { createOptionsBackend } from '@/storage/pages/options';

render(<OptionsPage backend={createOptionsBackend(openDatabase())} />, document.getElementById('app')!);
