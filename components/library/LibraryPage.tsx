import type { LibraryPageBackend } from '@/storage/pages/case-library';
import { LibraryManager } from './LibraryManager';
import { useLibraryPage } from './useLibraryPage';

/** The team lead's case-library page: its state over the backend, drawn by `LibraryManager`. */
export function LibraryPage(props: { backend: LibraryPageBackend }) {
  const page = useLibraryPage(props.backend);
  return page ? <LibraryManager {...page} /> : null;
}
