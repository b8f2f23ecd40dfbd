/**
 * Export file names say what is inside and when it was taken, e.g.
 * iceberg-clicks_agent-8012_2026-11-01_2026-11-23_exported-20261123T0931+0800.csv
 */
export type ExportKind = 'clicks' | 'counts' | 'backup';

export interface FileNameParts {
  kind: ExportKind;
  extension: 'csv' | 'ndjson';
  /** One agent, several (joined), or none for "all agents". */
  agentIds?: readonly string[] | null;
  from?: string | null;
  to?: string | null;
  exportedAt: Date;
}

const pad = (value: number) => String(Math.abs(value)).padStart(2, '0');

/** Local time with offset, compact and safe in every file system: 20261123T0931+0800. */
export function compactLocalTime(date: Date): string {
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  return (
    `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}T${pad(date.getHours())}${pad(date.getMinutes())}` +
    `${sign}${pad(Math.trunc(offset / 60))}${pad(offset % 60)}`
  );
}

/** Letters (any script), digits, "." and "-" survive; anything else becomes "-". */
export function fileNameSafe(text: string): string {
  const safe = text
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}.-]+/gu, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 40);
  return safe || 'unnamed';
}

export function exportFileName(parts: FileNameParts): string {
  const pieces = [`iceberg-${parts.kind}`];
  if (parts.kind !== 'backup') {
    const agents = parts.agentIds?.length ? parts.agentIds.map(fileNameSafe).join('+').slice(0, 80) : 'all';
    pieces.push(`agent-${agents}`);
    pieces.push(parts.from ?? 'first', parts.to ?? 'last');
  }
  pieces.push(`exported-${compactLocalTime(parts.exportedAt)}`);
  return `${pieces.join('_')}.${parts.extension}`;
}

/**
 * A case library's or taxonomy's file: `电信客服默认案例库_v2026.11-1.csv`. CSV keeps the name and
 * version only in its file name. Characters Windows forbids in file names become "-", so only
 * such names lose anything (`nameAndVersionFromFileName` in library-files.ts reads it back).
 */
export function documentFileName(document: { name: string; version: string }, format: 'json' | 'csv'): string {
  const safe = (text: string) => text.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '-');
  return `${safe(document.name)}_v${safe(document.version)}.${format}`;
}
