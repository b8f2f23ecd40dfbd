import { CLICK_LOG_COLUMNS, type ClickLogColumn } from '@/knowledge/files/click-log-format';
import { seededRandom } from '../seeded-random';

/**
 * Click-log rows for comparing two readers: a well-formed row with a few cells swapped for
 * values near each column's edges (lengths at the limit and one past it, blanks, spaces,
 * impossible dates, other cases), so both accepted and rejected rows of every kind come out.
 */

export type ClickLogRowText = Record<ClickLogColumn, string>;

const TIME = '2026-11-23T09:31:05.120+08:00';

const TIMES = [
  TIME,
  '2026-11-23T09:31:05Z',
  '2026-11-23T09:31:05.1-05:30',
  '2026-11-23T23:59:59.999+14:00',
  '2026-11-23T24:00:00+08:00',
  '2026-11-23T09:60:05+08:00',
  '2026-11-23T09:31:05.1234+08:00',
  '2026-11-23T09:31:05+15:00',
  '2026-11-23T09:31:05+08:60',
  '2026-11-23T09:31:05+0800',
  '2026-11-23T09:31:05',
  '2026-11-23 09:31',
  '2026-02-29T09:31:05+08:00',
  '2028-02-29T09:31:05+08:00',
  '2100-02-29T09:31:05+08:00',
  '2000-02-29T09:31:05+08:00',
  '2026-04-31T09:31:05+08:00',
  '2026-13-01T09:31:05+08:00',
  '2026-00-10T09:31:05+08:00',
  '0099-12-31T09:31:05+08:00',
  '0100-01-01T09:31:05+08:00',
  ` ${TIME}`,
  `${TIME} `,
  `${TIME}\n`,
  '２０２６-11-23T09:31:05+08:00',
  '',
  ' ',
];

const DAYS = [
  '2026-11-23',
  '2026-11-24',
  '2026-02-29',
  '2028-02-29',
  '2026-04-31',
  '2026-11-00',
  '2026-00-23',
  '0099-11-23',
  '0100-11-23',
  '9999-12-31',
  ' 2026-11-23',
  '2026-11-23 ',
  '2026-1-23',
  '2026/11/23',
  '',
];

const OPTIONS = {
  counting_rule: ['customer-dissatisfied', 'company-at-fault', 'explanation-not-accepted'],
  emotion: ['calm', 'anxious', 'doubting', 'angry', 'disappointed'],
  risk_grade: ['ordinary', 'escalated', 'major'],
};
const enumCells = (options: string[]) => ['', ' ', '\t', ...options, ...options.map((option) => ` ${option}`), options[0]!.toUpperCase(), 'bogus'];

const BOOLEANS = ['true', 'false', 'TRUE', 'False', '1', '0', ' true ', '\tfalse', '', ' ', 'yes', 'no', '2', 'truee'];

const CANDIDATES: Record<ClickLogColumn, string[]> = {
  schema_version: ['1', ' 1 ', '\t1', '01', '1.0', '2', '', ' ', 'one'],
  event_id: [
    '30000000-0000-4000-8000-000000000001',
    '3A000000-0000-4000-8000-00000000000F',
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    '30000000-0000-9000-8000-000000000001',
    '30000000-0000-4000-c000-000000000001',
    '30000000-0000-4000-8000-00000000001',
    '30000000000040008000000000000001',
    ' 30000000-0000-4000-8000-000000000001',
    'abc',
    '',
  ],
  occurred_at: TIMES,
  day: DAYS,
  agent_id: ['8012', ' 8012 ', '=工号8', "'8012", 'a'.repeat(64), 'a'.repeat(65), ` ${'a'.repeat(64)} `, '', ' ', '\t'],
  category_id: ['billing', 'billing-vas', 'b1', 'b', 'a'.repeat(40), 'a'.repeat(41), 'Billing', '1billing', 'billing_x', ' billing', 'billing ', ''],
  category_name_zh: ['计费', '', ' ', ' 计费 ', '字'.repeat(200), '字'.repeat(201)],
  category_name_en: ['Billing', '', '  ', '=VAS', 'x'.repeat(200), 'x'.repeat(201)],
  parent_category_id: ['', ' ', '\t', 'billing', 'Billing', ' billing', 'b', 'a'.repeat(41)],
  case_ref: ['', ' ', 'C-1', ' C-1 ', '138****1234', 'x'.repeat(80), 'x'.repeat(81), 'line1\nline2'],
  site: ['crm.example.com', 'crm2.example.com:8443', '', ' ', 'x'.repeat(253), 'x'.repeat(254)],
  counting_rule: enumCells(OPTIONS.counting_rule),
  emotion: enumCells(OPTIONS.emotion),
  risk_grade: enumCells(OPTIONS.risk_grade),
  ticket_raised: BOOLEANS,
  voided: BOOLEANS,
  voided_at: ['', ' ', ...TIMES.slice(0, 5), '2026-02-30T09:31:05+08:00', 'never'],
  source: ['own', '', 'import:abc-1', ' own '],
};

const GOOD: ClickLogRowText = {
  schema_version: '1',
  event_id: '30000000-0000-4000-8000-000000000001',
  occurred_at: TIME,
  day: '2026-11-23',
  agent_id: '8012',
  category_id: 'billing',
  category_name_zh: '计费',
  category_name_en: 'Billing',
  parent_category_id: '',
  case_ref: 'C-1',
  site: 'crm.example.com',
  counting_rule: '',
  emotion: '',
  risk_grade: '',
  ticket_raised: '',
  voided: 'false',
  voided_at: '',
  source: 'own',
};

/** `count` rows: about one in five unchanged, the rest with one to four cells varied. */
export function fuzzedClickLogRows(count: number, seed = 7): ClickLogRowText[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const rows: ClickLogRowText[] = [];
  for (let i = 0; i < count; i += 1) {
    const row = { ...GOOD };
    const changes = random() < 0.2 ? 0 : 1 + Math.floor(random() * 4);
    for (let c = 0; c < changes; c += 1) {
      const column = pick(CLICK_LOG_COLUMNS);
      row[column] = pick(CANDIDATES[column]);
    }
    // Keep day and time consistent often enough that the row-level checks pass too.
    if (random() < 0.5 && /^\d{4}-\d{2}-\d{2}T/.test(row.occurred_at)) row.day = row.occurred_at.slice(0, 10);
    if (random() < 0.3) row.voided = 'true';
    rows.push(row);
  }
  return rows;
}

/** Every candidate of every column on its own in the good row, so each edge is hit at least once. */
export function eachCandidateRow(): ClickLogRowText[] {
  return CLICK_LOG_COLUMNS.flatMap((column) => CANDIDATES[column].map((value) => ({ ...GOOD, [column]: value })));
}
