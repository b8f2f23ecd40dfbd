import { describe, expect, it } from 'vitest';
import { ClickEvent } from '@/knowledge/clicks/click-event';
import { CLICK_LOG_COLUMNS, clickLogRowParser, parseClickLogRow, type RowResult } from '@/knowledge/files/click-log-format';
import { type ClickLogRowText, eachCandidateRow, fuzzedClickLogRows } from './click-log-fuzz';

/** What the reader hands the parser: a fresh string per cell, in CLICK_LOG_COLUMNS order. */
const cellsOf = (row: ClickLogRowText) => CLICK_LOG_COLUMNS.map((column) => ` ${row[column]}`.slice(1));

/** Rows the remembering parser and plain parseClickLogRow (ClickLogRow alone) read differently. */
function disagreements(rows: ClickLogRowText[]): { row: ClickLogRowText; remembered: RowResult; plain: RowResult }[] {
  const parse = clickLogRowParser();
  const found = [];
  for (const [index, row] of rows.entries()) {
    const remembered = parse(cellsOf(row), index + 2);
    const plain = parseClickLogRow(row, index + 2);
    // JSON as well, so the keys come in the same order too.
    if (JSON.stringify(remembered) !== JSON.stringify(plain)) found.push({ row, remembered, plain });
  }
  return found;
}

describe('clickLogRowParser reads every row exactly as ClickLogRow does', { timeout: 20_000 }, () => {
  const rows = [...eachCandidateRow(), ...fuzzedClickLogRows(10_000)];

  it('has both kinds of row to compare', () => {
    const accepted = rows.filter((row, index) => parseClickLogRow(row, index).ok).length;
    expect(accepted).toBeGreaterThan(rows.length * 0.2);
    expect(accepted).toBeLessThan(rows.length * 0.8);
  });

  it('for fuzzed rows: same events, same problems', () => {
    expect(disagreements(rows)).toEqual([]);
  });

  it('once a column has more distinct cells than it remembers', () => {
    const many = fuzzedClickLogRows(6_000, 3).map((row, index) => ({
      ...row,
      agent_id: index % 7 === 0 ? `${'x'.repeat(64)}${index}` : `agent-${index}`, // too long every 7th
      category_name_en: `Name ${index}`,
    }));
    expect(disagreements([...many, ...many.slice(0, 500)])).toEqual([]);
  });

  it('gives events that ClickEvent accepts unchanged', () => {
    const parse = clickLogRowParser();
    const events = rows.map((row, index) => parse(cellsOf(row), index)).flatMap((result) => (result.ok ? [result.value.event] : []));
    expect(events.length).toBeGreaterThan(1000);
    expect(events.filter((event) => JSON.stringify(ClickEvent.parse(event)) !== JSON.stringify(event))).toEqual([]);
  });
});
