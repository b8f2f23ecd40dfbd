import { CASE_LIBRARY_SCHEMA_VERSION, CASE_SCRIPT_FIELDS, validCaseLibrary, type CaseLibrary, type CaseScript } from './case-script';
import type { IncomingLibrary } from './library-check';

/**
 * What an import would do to the current library, shown before the lead commits:
 * - **replace**: the library becomes exactly the imported scripts; scripts not in the file are
 *   removed;
 * - **merge**: imported scripts are added or overwrite the script with the same id; nothing is
 *   removed.
 */
export type ImportMode = 'replace' | 'merge';

export interface LibraryDiff {
  mode: ImportMode;
  added: string[];
  changed: string[];
  unchanged: string[];
  removed: string[];
}

export interface ImportPreview {
  replace: LibraryDiff;
  merge: LibraryDiff;
}

/** Field-for-field equality, ignoring key order and absent-vs-undefined optional fields. */
export function sameScript(a: CaseScript, b: CaseScript): boolean {
  return CASE_SCRIPT_FIELDS.every((field) => {
    const left = a[field];
    const right = b[field];
    if (Array.isArray(left) || Array.isArray(right)) {
      return Array.isArray(left) && Array.isArray(right) && left.length === right.length && left.every((item, index) => item === right[index]);
    }
    return left === right;
  });
}

export function diffLibrary(current: CaseLibrary, incoming: readonly CaseScript[], mode: ImportMode): LibraryDiff {
  const currentById = new Map(current.scripts.map((script) => [script.id, script]));
  const incomingIds = new Set(incoming.map((script) => script.id));
  const diff: LibraryDiff = { mode, added: [], changed: [], unchanged: [], removed: [] };
  for (const script of incoming) {
    const existing = currentById.get(script.id);
    if (!existing) diff.added.push(script.id);
    else if (sameScript(existing, script)) diff.unchanged.push(script.id);
    else diff.changed.push(script.id);
  }
  if (mode === 'replace') diff.removed = current.scripts.filter((script) => !incomingIds.has(script.id)).map((script) => script.id);
  return diff;
}

export function previewImport(current: CaseLibrary, incoming: readonly CaseScript[]): ImportPreview {
  return { replace: diffLibrary(current, incoming, 'replace'), merge: diffLibrary(current, incoming, 'merge') };
}

/**
 * The library after the import. Replace takes the file's name and version; merge keeps the
 * current name and takes the file's version, so the lead can tell libraries apart. Merge keeps
 * the current order, overwriting in place, and appends new scripts in file order.
 */
export function applyImport(current: CaseLibrary, incoming: IncomingLibrary, mode: ImportMode): CaseLibrary {
  if (mode === 'replace') {
    return validCaseLibrary({
      schemaVersion: CASE_LIBRARY_SCHEMA_VERSION,
      name: incoming.name,
      version: incoming.version,
      scripts: incoming.scripts,
    });
  }
  const incomingById = new Map(incoming.scripts.map((script) => [script.id, script]));
  const currentIds = new Set(current.scripts.map((script) => script.id));
  const scripts = [
    ...current.scripts.map((script) => incomingById.get(script.id) ?? script),
    ...incoming.scripts.filter((script) => !currentIds.has(script.id)),
  ];
  return validCaseLibrary({ schemaVersion: CASE_LIBRARY_SCHEMA_VERSION, name: current.name, version: incoming.version, scripts });
}
