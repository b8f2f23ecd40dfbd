import { describe, expect, it } from 'vitest';
import { ClickLogFileError, readClickLog, type ClickLogBatch } from '@/knowledge/files/click-log-reader';
import { clickLogChunks } from '@/knowledge/files/click-log-writer';
import { CLICK_LOG_COLUMNS } from '@/knowledge/files/click-log-format';
import { TRICKY_DIRECTORY, trickyEvents } from './tricky-events';

const HEADER = CLICK_LOG_COLUMNS.join(',');
const GOOD = '1,30000000-0000-4000-8000-000000000001,2026-11-23T09:31:05.120+08:00,2026-11-23,8012,billing,计费,Billing,,C-1,crm.example.com,,,,,false,,own';

async function readAll(text: string | string[], fileName = 'agents.csv'): Promise<ClickLogBatch[]> {
  const batches: ClickLogBatch[] = [];
  for await (const batch of readClickLog(text, { fileName, batchSize: 3 })) batches.push(batch);
  return batches;
}

async function fileError(text: string, fileName = 'agents.csv'): Promise<ClickLogFileError> {
  const error = await readAll(text, fileName).then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ClickLogFileError);
  return error as ClickLogFileError;
}

const withCell = (column: (typeof CLICK_LOG_COLUMNS)[number], value: string, id = 2) => {
  const cells = GOOD.split(',');
  cells[1] = `30000000-0000-4000-8000-00000000000${id}`;
  cells[CLICK_LOG_COLUMNS.indexOf(column)] = value;
  return cells.join(',');
};

describe('file-level errors (nothing is read)', () => {
  it.each([
    ['', 'empty-file'],
    ['\uFEFF', 'empty-file'],
    ['name,phone\r\n张三,138\r\n', 'not-a-click-log'],
    [`${HEADER.replace(',site', '')}\r\n`, 'missing-columns'],
    [`${HEADER},voided\r\n`, 'duplicate-columns'],
  ])('%j → %s', async (text, code) => {
    expect((await fileError(text)).code).toBe(code);
  });

  it('names the missing columns', async () => {
    const error = await fileError(`${HEADER.replace(',site', '').replace(',voided_at', '')}\r\n${GOOD}\r\n`);
    expect(error.message).toContain('site');
    expect(error.message).toContain('voided_at');
  });

  it('recognises a backup given as a click log', async () => {
    expect((await fileError('{"format":"iceberg-backup","backupVersion":1}\n', 'backup.ndjson')).code).toBe('backup-given');
  });
});

describe('row problems: reported precisely, the valid rows kept', () => {
  it('gives row, column and reason for each bad row', async () => {
    const text = [
      HEADER,
      GOOD, // row 2
      withCell('occurred_at', '2026-11-23 09:31', 3), // row 3
      withCell('schema_version', '2', 4), // row 4
      withCell('risk_grade', 'critical', 5), // row 5
      withCell('day', '2026-11-24', 6), // row 6
      '1,not,enough,fields', // row 7
      withCell('voided', 'maybe', 8), // row 8
      withCell('occurred_at', '2026-02-30T09:31:05+08:00', 9), // row 9
      withCell('event_id', 'abc', 1), // row 10
    ].join('\r\n') + '\r\n';
    const batches = await readAll(text);
    const rows = batches.flatMap((batch) => batch.rows);
    const problems = batches.flatMap((batch) => batch.problems);
    expect(rows.map((row) => row.row)).toEqual([2]);
    expect(problems.map((problem) => [problem.row, problem.column])).toEqual([
      [3, 'occurred_at'],
      [4, 'schema_version'],
      [5, 'risk_grade'],
      [6, 'day'],
      [7, 'agent_id'],
      [8, 'voided'],
      [9, 'occurred_at'],
      [10, 'event_id'],
    ]);
    expect(problems.map((problem) => problem.code)).toEqual([
      'invalid-time',
      'unsupported-schema-version',
      'invalid-choice',
      'day-mismatch',
      'short-row',
      'invalid-boolean',
      'invalid-time',
      'invalid-id',
    ]);
    expect(problems[0]).toMatchObject({ message: { en: expect.stringContaining('ISO-8601') }, value: '2026-11-23 09:31' });
    expect(problems[0]?.message.zh).toContain('带时区的 ISO-8601 时间');
    expect(problems[1]?.message.en).toContain('schemaVersion 2 is not supported');
    expect(problems[2]?.message.en).toContain('ordinary, escalated, major');
    expect(problems[3]?.message.en).toContain('the local date of occurred_at is 2026-11-23');
    expect(problems[4]?.message.zh).toBe(
      '这一行只有 4 个单元格，表头有 18 个（缺少 agent_id, category_id, category_name_zh, category_name_en, parent_category_id, case_ref, site, counting_rule, emotion, risk_grade … (+4)）：这一行可能被截断了，或有单元格合并进了别的单元格。请补全这一行。',
    );
    expect(batches.at(-1)?.rowsRead).toBe(9);
  });

  it('accepts LF line ends, upper-case booleans (Excel) and columns in another order, ignoring extra ones', async () => {
    const columns = [...CLICK_LOG_COLUMNS].reverse();
    const values = GOOD.split(',').reverse();
    values[columns.indexOf('voided')] = 'FALSE';
    const text = `${[...columns, 'note'].join(',')}\n${[...values, 'hello'].join(',')}\n`;
    const batches = await readAll(text);
    expect(batches.flatMap((batch) => batch.problems)).toEqual([]);
    expect(batches[0]?.rows[0]?.event).toMatchObject({ agentId: '8012', voided: false, workOrderRef: 'C-1' });
    expect(batches[0]?.ignoredColumns).toEqual(['note']);
  });

  it('reports NDJSON problems by line', async () => {
    const good = JSON.parse(
      '{"schema_version":1,"event_id":"30000000-0000-4000-8000-000000000001","occurred_at":"2026-11-23T09:31:05.120+08:00","day":"2026-11-23","agent_id":"8012","category_id":"billing","category_name_zh":"计费","category_name_en":"Billing","parent_category_id":null,"case_ref":null,"site":"crm","counting_rule":null,"emotion":null,"risk_grade":null,"ticket_raised":null,"voided":false,"voided_at":null,"source":"own"}',
    );
    const text = [
      JSON.stringify(good),
      '{not json',
      '',
      JSON.stringify({ ...good, event_id: '30000000-0000-4000-8000-000000000002', ticket_raised: 'perhaps' }),
      JSON.stringify({ ...good, event_id: '30000000-0000-4000-8000-000000000003', schema_version: 3 }),
      JSON.stringify({ ...good, event_id: '30000000-0000-4000-8000-000000000004', site: { host: 'x' } }),
      '[1,2]',
    ].join('\n');
    const batches = await readAll(text, 'merged.ndjson');
    expect(batches.flatMap((batch) => batch.rows).map((row) => row.row)).toEqual([1]);
    expect(batches.flatMap((batch) => batch.problems).map((problem) => [problem.row, problem.column ?? null])).toEqual([
      [2, null],
      [4, 'ticket_raised'],
      [5, 'schema_version'],
      [6, 'site'],
      [7, null],
    ]);
  });
});

describe('streaming', () => {
  it('gives the same rows however the text is cut into chunks (quotes and CRLF split across chunks)', async () => {
    let text = '';
    for await (const chunk of clickLogChunks([trickyEvents()], 'csv', TRICKY_DIRECTORY)) text += chunk;
    const whole = (await readAll(text)).flatMap((batch) => batch.rows);
    for (const size of [1, 2, 7, 64, 1000]) {
      const pieces = Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));
      const batches = await readAll(pieces);
      expect(batches.flatMap((batch) => batch.problems), `chunks of ${size}`).toEqual([]);
      expect(batches.flatMap((batch) => batch.rows), `chunks of ${size}`).toEqual(whole);
    }
    expect(whole).toHaveLength(trickyEvents().length);
  });

  it('reports an unterminated quote at the end as a row problem', async () => {
    const batches = await readAll(`${HEADER}\r\n${GOOD}\r\n${withCell('case_ref', '"never closed', 2)}`);
    expect(batches.flatMap((batch) => batch.rows)).toHaveLength(1);
    expect(batches.flatMap((batch) => batch.problems)).toEqual([
      expect.objectContaining({ code: 'csv-syntax', row: 3, column: 'case_ref', params: expect.objectContaining({ detail: 'unclosed-quote' }) }),
    ]);
  });
});
