import { CASE_LIBRARY_SCHEMA_VERSION, type CaseLibrary, type CaseScript } from '@/knowledge/case-library/case-script';
import { libraryToCsv, libraryToJson } from '@/knowledge/files/library-files';
import { CLICK_LOG_COLUMNS } from '@/knowledge/files/click-log-format';
import { generateEvents } from '@/knowledge/reports/sample-events';
import { DEFAULT_TAXONOMY } from '@/knowledge/taxonomy/default-taxonomy';
import type { StoredClickEvent } from '@/knowledge/clicks/stored-event';
import { encodeLegacy } from '../legacy-encodings';
import { clickLogText } from '../console/helpers';
import { type HostileInput, type Random, cutInsideCharacter, cutPositions, encodingVariants, phone, pick, random, utf8 } from './hostile-files';

const SIMPLIFIED = ['客户反映本月话费异常', '套餐达量降速', '宽带断网三天', '短信验证码收不到', '我已记录您的诉求', '三个工作日内回电', '核对账单明细', '办理退订'];
const TRADITIONAL = ['客戶反映本月話費異常', '套餐達量降速', '寬頻斷網三天', '簡訊驗證碼收不到', '我已記錄您的訴求', '三個工作日內回電'];
const KOREAN = ['고객님 요금 문의', '확인 후 처리해 드리겠습니다', '불편을 드려 죄송합니다', '문자 인증번호 수신 불가'];

function sentence(next: Random, pool: readonly string[], words = 3): string {
  return Array.from({ length: words }, () => pick(next, pool)).join('，');
}

function scripts(next: Random, count: number, pool: readonly string[] = SIMPLIFIED): CaseScript[] {
  const categories = DEFAULT_TAXONOMY.categories.filter((category) => !category.retired).map((category) => category.id);
  return Array.from({ length: count }, (_, index) => ({
    id: `s-${index + 1}`,
    title: sentence(next, pool, 1),
    scenario: sentence(next, pool),
    solution: sentence(next, pool),
    script: `${sentence(next, pool)}，[X]`,
    keywords: [pick(next, pool).slice(0, 4)],
    categoryIds: [pick(next, categories)],
    updatedAt: '2026-11-01',
  }));
}

/** The file as a lead's spreadsheet would hold it: not parsed, so nothing is masked or trimmed yet. */
function libraryText(list: CaseScript[], format: 'csv' | 'json' = 'csv'): string {
  const library: CaseLibrary = { schemaVersion: CASE_LIBRARY_SCHEMA_VERSION, name: '华东案例库', version: '1', scripts: list };
  return format === 'csv' ? libraryToCsv(library) : libraryToJson(library);
}

/** Replaces one cell of one CSV row (no quoted cells in the rows touched). */
function setCell(text: string, row: number, cell: number, value: string): string {
  const lines = text.split('\r\n');
  const cells = lines[row]!.split(',');
  cells[cell] = value;
  lines[row] = cells.join(',');
  return lines.join('\r\n');
}

const TRUNCATED: HostileInput['expect'] = { any: ['last-row-unterminated', 'short-row', 'csv-syntax', 'truncated-character', 'no-rows'] };

export function libraryInputs(): HostileInput[] {
  const inputs: HostileInput[] = [];
  const add = (name: string, content: string | Uint8Array, expect: HostileInput['expect'], options: { fileName?: string; phones?: string[] } = {}) =>
    inputs.push({ name: `library: ${name}`, bytes: typeof content === 'string' ? utf8(content) : content, fileName: options.fileName ?? 'lib.csv', expect, phones: options.phones ?? [] });

  for (let seed = 1; seed <= 2; seed += 1) {
    const next = random(seed);
    add(`clean CSV #${seed}`, libraryText(scripts(next, 8)), { clean: true });
    add(`clean JSON #${seed}`, libraryText(scripts(next, 8), 'json'), { clean: true }, { fileName: 'lib.json' });
  }
  // Truncation at every boundary class.
  for (let seed = 10; seed < 20; seed += 1) {
    const next = random(seed);
    const text = libraryText(scripts(next, 6)).replace(/^\uFEFF/, '');
    for (const { at, boundary } of cutPositions(text, next)) {
      const complete = boundary === 'at a line end' || boundary === 'between CR and LF';
      const rows = text.slice(0, at).split(/\r\n|\n|\r/).filter(Boolean).length - 1;
      add(`cut ${boundary} (#${seed})`, text.slice(0, at), complete ? (rows > 0 ? { clean: true } : { all: ['no-rows'] }) : TRUNCATED);
    }
    const bytes = cutInsideCharacter(utf8(text));
    if (bytes) add(`cut inside a character (#${seed})`, bytes, { all: ['truncated-character'] });
  }
  // Wrong and mixed encodings.
  for (let seed = 30; seed < 33; seed += 1) {
    const text = libraryText(scripts(random(seed), 5));
    for (const input of encodingVariants(text, `library #${seed}`, [], { clean: { clean: true }, legacyExpect: { clean: true } })) inputs.push({ ...input, fileName: 'lib.csv' });
    add(`Big5 (traditional Chinese) #${seed}`, encodeLegacy(libraryText(scripts(random(seed), 5, TRADITIONAL)).replace(/^\uFEFF/, ''), 'big5'), { all: ['encoding-detected'] });
  }
  for (let seed = 35; seed < 37; seed += 1) {
    add(`EUC-KR (Korean) #${seed}`, encodeLegacy(libraryText(scripts(random(seed), 5, KOREAN)).replace(/^\uFEFF/, ''), 'euc-kr'), { all: ['encoding-detected'] });
  }
  // Delimiters and line ends.
  for (let seed = 40; seed < 42; seed += 1) {
    const text = libraryText(scripts(random(seed), 5)).replace(/^\uFEFF/, '');
    const lines = text.split('\r\n');
    add(`tab-separated #${seed}`, text.replace(/,/g, '\t'), { clean: true });
    add(`semicolon-separated #${seed}`, text.replace(/,/g, ';'), { clean: true });
    add(`LF line ends #${seed}`, lines.join('\n'), { clean: true });
    add(`CR-only line ends #${seed}`, lines.join('\r'), { clean: true });
    add(`mixed line ends #${seed}`, lines.map((line, index) => line + (index === lines.length - 1 ? '' : ['\r\n', '\n', '\r'][index % 3])).join(''), { clean: true });
  }
  // Nesting.
  for (const depth of [5_000, 100_000, 1_000_000]) add(`JSON nested ${depth} deep`, `${'['.repeat(depth)}${']'.repeat(depth)}`, { all: ['json-too-deep'] }, { fileName: 'deep.json' });
  add('a script field nested 40 deep', JSON.stringify([{ ...scripts(random(50), 1)[0], title: JSON.parse(`${'{"a":'.repeat(40)}1${'}'.repeat(40)}`) }]), { all: ['wrong-type'] }, { fileName: 'x.json' });
  // Huge cells and column counts.
  for (let seed = 60; seed < 62; seed += 1) {
    const text = libraryText(scripts(random(seed), 4));
    add(`a 300,000-character title #${seed}`, setCell(text, 2, 1, '长'.repeat(300_000)), { all: ['too-long'] });
    const header = text.split('\r\n')[0]!;
    const wide = text.replace(header, `${header},${Array.from({ length: 200_000 }, (_, index) => `x${index}`).join(',')}`);
    add(`200,000 unknown columns #${seed}`, wide, { all: ['unknown-columns', 'short-row'] });
  }
  // Duplicate and conflicting ids, duplicate JSON keys.
  for (let seed = 70; seed < 73; seed += 1) {
    const list = scripts(random(seed), 5);
    add(`duplicate id #${seed}`, libraryText(list).replace('s-2,', 's-1,'), { all: ['duplicate-id'] });
    add(`duplicate JSON key #${seed}`, libraryText(list, 'json').replace('"title":', '"title": "x", "title":'), { all: ['duplicate-key'] }, { fileName: 'x.json' });
  }
  // Impossible dates.
  for (const date of ['2026-02-30', '2026-13-01', '0000-00-00']) add(`updatedAt ${date}`, libraryText(scripts(random(80), 3)).replace('2026-11-01', date), { all: ['invalid-date'] });
  // An unquoted comma, a short row.
  for (let seed = 90; seed < 93; seed += 1) {
    const text = libraryText(scripts(random(seed), 4));
    add(`unquoted comma #${seed}`, setCell(text, 2, 1, 'A,B'), { all: ['extra-cells'] });
    const lines = text.split('\r\n');
    lines[3] = lines[3]!.split(',').slice(0, 6).join(',');
    add(`short row #${seed}`, lines.join('\r\n'), { all: ['short-row'] });
  }
  // Phone numbers everywhere.
  for (let seed = 100; seed < 115; seed += 1) {
    const next = random(seed);
    const list = scripts(next, 5);
    const phones: string[] = [];
    for (const script of list) {
      const field = pick(next, ['title', 'scenario', 'solution', 'script', 'keywords', 'owner'] as const);
      const number = phone(next);
      phones.push(number.digits);
      if (field === 'keywords') script.keywords = [number.written.replace(/[|;；、，,]/g, '')];
      else script[field] = `${script[field] ?? ''}${number.written}`.slice(-70);
    }
    add(`phone numbers in scripts #${seed}`, libraryText(list, seed % 2 ? 'csv' : 'json'), { all: ['phone-number-masked'] }, { phones, fileName: seed % 2 ? 'lib.csv' : 'lib.json' });
  }
  return inputs;
}


export function clickEvents(seed: number, count = 30): StoredClickEvent[] {
  return generateEvents(count, seed, { agents: 1, days: 4, endDay: '2026-11-30' }).map((event) => ({ ...event, voided: false, voidedAt: undefined }));
}


const col = (name: (typeof CLICK_LOG_COLUMNS)[number]) => CLICK_LOG_COLUMNS.indexOf(name);

export async function clickLogInputs(): Promise<HostileInput[]> {
  const inputs: HostileInput[] = [];
  const add = (name: string, content: string | Uint8Array, expect: HostileInput['expect'], options: { fileName?: string; phones?: string[] } = {}) =>
    inputs.push({ name: `merge: ${name}`, bytes: typeof content === 'string' ? utf8(content) : content, fileName: options.fileName ?? 'agent.csv', expect, phones: options.phones ?? [] });

  for (let seed = 1; seed <= 2; seed += 1) {
    add(`clean CSV #${seed}`, await clickLogText(clickEvents(seed)), { clean: true });
    add(`clean NDJSON #${seed}`, await clickLogText(clickEvents(seed), 'ndjson'), { clean: true }, { fileName: 'agent.ndjson' });
  }
  for (let seed = 10; seed < 20; seed += 1) {
    const next = random(seed);
    const text = (await clickLogText(clickEvents(seed, 12))).replace(/^\uFEFF/, '');
    for (const { at, boundary } of cutPositions(text, next)) {
      const complete = boundary === 'at a line end' || boundary === 'between CR and LF';
      add(`cut ${boundary} (#${seed})`, text.slice(0, at), complete ? { clean: true } : { any: ['last-row-unterminated', 'short-row', 'csv-syntax'] });
    }
    const bytes = cutInsideCharacter(utf8(text));
    if (bytes) add(`cut inside a character (#${seed})`, bytes, { all: ['truncated-character'] });
  }
  for (let seed = 30; seed < 33; seed += 1) {
    const text = await clickLogText(clickEvents(seed, 10));
    inputs.push(...encodingVariants(text, `merge #${seed}`, [], { clean: { clean: true }, legacyExpect: { all: ['encoding-detected'] } }).map((input) => ({ ...input, name: `merge: ${input.name}`, fileName: 'agent.csv' })));
  }
  for (let seed = 40; seed < 42; seed += 1) {
    const text = (await clickLogText(clickEvents(seed, 8))).replace(/^\uFEFF/, '');
    const lines = text.split('\r\n');
    add(`semicolons #${seed}`, text.replace(/,/g, ';'), { all: ['wrong-delimiter'] });
    add(`tabs #${seed}`, text.replace(/,/g, '\t'), { all: ['wrong-delimiter'] });
    add(`LF #${seed}`, lines.join('\n'), { clean: true });
    add(`CR only #${seed}`, lines.join('\r'), { clean: true });
    add(`mixed line ends #${seed}`, lines.map((line, index) => line + (index === lines.length - 1 ? '' : ['\r\n', '\n', '\r'][index % 3])).join(''), { clean: true });
  }
  // Nesting (NDJSON).
  const ndjson = (await clickLogText(clickEvents(50, 4), 'ndjson')).split('\n');
  const nested = ndjson.map((line, index) => (index === 1 ? line.replace('"site":"', '"site":{"deep":"') + '' : line));
  add('NDJSON cell holding an object', nested.join('\n').replace(/("site":\{"deep":"[^"]*")/, '$1}'), { any: ['wrong-type', 'not-json'] }, { fileName: 'x.ndjson' });
  add('NDJSON line nested 100,000 deep', [ndjson[0], `${'['.repeat(100_000)}${']'.repeat(100_000)}`, ...ndjson.slice(1)].join('\n'), { all: ['wrong-type'] }, { fileName: 'x.ndjson' });
  add('NDJSON key given twice', ndjson.map((line, index) => (index === 2 ? line.replace('"agent_id":', '"agent_id":"x","agent_id":') : line)).join('\n'), { all: ['duplicate-key'] }, { fileName: 'x.ndjson' });
  // Huge cells and column counts.
  for (let seed = 60; seed < 62; seed += 1) {
    const text = await clickLogText(clickEvents(seed, 5));
    const lines = text.split('\r\n');
    lines[2] = lines[2]!.split(',').map((cell, index) => (index === col('case_ref') ? 'R'.repeat(300_000) : cell)).join(',');
    add(`a 300,000-character case_ref #${seed}`, lines.join('\r\n'), { all: ['too-long'] });
    const extra = Array.from({ length: 100_000 }, (_, index) => `x${index}`);
    const wide = text.split('\r\n').map((line, index) => (line === '' ? line : `${line},${index === 0 ? extra.join(',') : ','.repeat(extra.length - 1)}`));
    add(`100,000 extra columns #${seed}`, wide.join('\r\n'), { all: ['unknown-columns'] });
  }
  // Duplicate and conflicting ids.
  for (let seed = 70; seed < 73; seed += 1) {
    const events = clickEvents(seed, 6);
    const text = await clickLogText(events);
    const lines = text.split('\r\n');
    add(`event id repeated in upper case #${seed}`, `${text}${lines[1]!.replace(events[0]!.id, events[0]!.id.toUpperCase())}\r\n`, { all: ['duplicate-event'] });
    const changed = lines[2]!.split(',');
    changed[col('agent_id')] = 'other-agent';
    add(`same id, different content #${seed}`, `${text}${changed.join(',')}\r\n`, { all: ['conflicting-event'] });
  }
  // Impossible dates.
  for (let seed = 80; seed < 82; seed += 1) {
    const text = await clickLogText(clickEvents(seed, 4));
    const lines = text.split('\r\n');
    const row = lines[1]!.split(',');
    const edit = (changes: Partial<Record<(typeof CLICK_LOG_COLUMNS)[number], string>>) => {
      const cells = [...row];
      for (const [name, value] of Object.entries(changes)) cells[col(name as (typeof CLICK_LOG_COLUMNS)[number])] = value;
      return [lines[0], cells.join(','), ...lines.slice(2)].join('\r\n');
    };
    add(`occurred in 2099 #${seed}`, edit({ occurred_at: '2099-01-01T09:00:00.000+08:00', day: '2099-01-01' }), { all: ['implausible-time'] });
    add(`occurred in 9999 #${seed}`, edit({ occurred_at: '9999-12-31T09:00:00.000+08:00', day: '9999-12-31' }), { all: ['implausible-time'] });
    add(`occurred before 1970 #${seed}`, edit({ occurred_at: '1969-07-20T20:17:00.000+00:00', day: '1969-07-20' }), { all: ['implausible-time'] });
    add(`undone before the click #${seed}`, edit({ voided: 'true', voided_at: row[col('occurred_at')]!.replace(/T\d\d/, 'T00') }), { all: ['voided-before-click'] });
    add(`30 February #${seed}`, edit({ occurred_at: '2026-02-30T09:00:00.000+08:00', day: '2026-02-30' }), { all: ['invalid-time'] });
  }
  // Phone numbers everywhere.
  for (let seed = 100; seed < 115; seed += 1) {
    const next = random(seed);
    const phones: string[] = [];
    const events = clickEvents(seed, 8).map((event) => {
      const number = phone(next);
      phones.push(number.digits);
      const where = pick(next, ['workOrderRef', 'agentId', 'both'] as const);
      return {
        ...event,
        workOrderRef: where === 'agentId' ? event.workOrderRef : `来电 ${number.written}`.slice(0, 60),
        agentId: where === 'workOrderRef' ? event.agentId : `坐席${number.written}`.slice(0, 60),
      };
    });
    const number = phone(next);
    phones.push(number.digits);
    const text = (await clickLogText(events, seed % 3 ? 'csv' : 'ndjson')).replace(/计费/g, `计费${number.written}`);
    add(`phone numbers in cells #${seed}`, text, { all: ['phone-number-masked'] }, { phones, fileName: seed % 3 ? 'agent.csv' : 'agent.ndjson' });
  }
  // An unclosed quote in the middle.
  for (let seed = 120; seed < 123; seed += 1) {
    const text = await clickLogText(clickEvents(seed, 20));
    const lines = text.split('\r\n');
    lines[8] = lines[8]!.split(',').map((cell, index) => (index === col('case_ref') ? `"${cell}` : cell)).join(',');
    add(`unclosed quote at row 9 of 21 #${seed}`, lines.join('\r\n'), { all: ['csv-syntax'] });
  }
  return inputs;
}

/** A version-1 backup (no checksum) of events, missed searches and a library, as an older Iceberg wrote them. */
function v1Backup(tables: Record<string, unknown[]>): string {
  const names = Object.keys(tables).sort();
  return [
    JSON.stringify({ format: 'iceberg-backup', backupVersion: 1, databaseVersion: 6, createdAt: '2026-11-30T00:00:00Z', tables: names }),
    ...names.flatMap((name) => [JSON.stringify({ $table: name }), ...tables[name]!.map((row) => JSON.stringify(row))]),
    JSON.stringify({ $end: { rows: Object.fromEntries(names.map((name) => [name, tables[name]!.length])) } }),
    '',
  ].join('\n');
}

export function backupInputs(backup: string): HostileInput[] {
  const inputs: HostileInput[] = [];
  const add = (name: string, content: string | Uint8Array, expect: HostileInput['expect'], phones: string[] = []) =>
    inputs.push({ name: `restore: ${name}`, bytes: typeof content === 'string' ? utf8(content) : content, fileName: 'backup.ndjson', expect, phones });
  const lines = backup.trimEnd().split('\n');
  const eventLines = lines.map((line, index) => [line, index] as const).filter(([line]) => line.startsWith('{"') && line.includes('"occurredAt"') && !line.includes('"events":[')).map(([, index]) => index);
  const swap = (index: number, line: string) => [...lines.slice(0, index), line, ...lines.slice(index + 1)].join('\n') + '\n';

  add('clean', backup, { clean: true });
  add('clean, re-saved with CRLF', backup.replace(/\n/g, '\r\n'), { clean: true });
  for (let seed = 10; seed < 20; seed += 1) {
    const next = random(seed);
    const cutLine = 1 + Math.floor(next() * (lines.length - 2));
    add(`cut after line ${cutLine} (#${seed})`, lines.slice(0, cutLine).join('\n') + '\n', { all: ['backup-cut-short'] });
    const line = lines[cutLine]!;
    add(`cut inside line ${cutLine + 1} (#${seed})`, `${lines.slice(0, cutLine).join('\n')}\n${line.slice(0, 1 + Math.floor(next() * (line.length - 2)))}`, { any: ['not-json', 'backup-cut-short', 'truncated-character'] });
    add(`cut inside the closing line (#${seed})`, backup.slice(0, -2 - Math.floor(next() * 3)), { any: ['malformed-line', 'not-json', 'backup-cut-short'] });
  }
  const characterCut = cutInsideCharacter(utf8(backup));
  if (characterCut) add('cut inside a character', characterCut, { all: ['truncated-character'] });
  inputs.push(...encodingVariants(backup, 'restore', [], { clean: { clean: true }, legacyExpect: { all: ['encoding-detected'] } }).map((input) => ({ ...input, name: `restore: ${input.name}`, fileName: 'backup.ndjson' })));
  // Nesting, huge cells, duplicates, edits: every one changes the content, which the checksum catches.
  for (let seed = 30; seed < 33; seed += 1) {
    const at = pick(random(seed), eventLines);
    add(`a row nested 100,000 deep #${seed}`, swap(at, `${'['.repeat(100_000)}${']'.repeat(100_000)}`), { all: ['backup-modified'] });
    add(`a 300,000-character reference #${seed}`, swap(at, lines[at]!.replace(/"workOrderRef":(null|"[^"]*")/, `"workOrderRef":"${'R'.repeat(300_000)}"`)), { all: ['invalid-value', 'backup-modified'] });
    add(`a row given twice #${seed}`, swap(at + 1, lines[at]!), { all: ['duplicate-id', 'backup-modified'] });
    add(`an impossible date #${seed}`, swap(at, lines[at]!.replace(/"day":"[^"]+"/, '"day":"2026-02-30"')), { all: ['backup-modified'] });
  }
  const firstTable = lines.findIndex((line) => line.startsWith('{"$table"'));
  add('a table twice', swap(firstTable, `${lines[firstTable]}\n${lines[firstTable]}`), { all: ['duplicate-table'] });
  add('text after the closing line', `${backup}{"more":1}\n`, { all: ['text-after-end'] });
  add('counts that do not match', swap(lines.length - 1, lines.at(-1)!.replace(/"events":\d+/, '"events":999')), { all: ['backup-row-count'] });
  add('a newer backup format', swap(0, lines[0]!.replace('"backupVersion":2', '"backupVersion":9')), { all: ['unsupported-backup-version'] });
  add('not a backup', '{"hello":"world"}\n', { all: ['not-a-backup'] });
  add('a click log given as a backup', 'schema_version,event_id\r\n1,x\r\n', { all: ['not-a-backup'] });
  // Phone numbers everywhere, in an older backup that kept them in clear.
  for (let seed = 100; seed < 115; seed += 1) {
    const next = random(seed);
    const phones: string[] = [];
    const written = () => {
      const number = phone(next);
      phones.push(number.digits);
      return number.written;
    };
    const events = clickEvents(seed, 5).map((event) => ({ ...event, workOrderRef: `工单 ${written()}`, agentId: next() < 0.5 ? `坐席${written()}` : event.agentId }));
    const misses = [0, 1].map((index) => ({ id: `5e000000-0000-4000-8000-00000000000${index}`, query: `${written()} 查话费`, occurredAt: '2026-11-30T09:00:00.000+08:00', day: '2026-11-30', agentId: '8012', categoryId: null }));
    const script = { ...scripts(next, 1)[0]!, script: `请回拨 ${written()}` };
    const library = { key: 'current', value: { schemaVersion: 1, name: '库', version: '1', scripts: [script] }, importedAt: '2026-11-30T00:00:00.000Z' };
    add(`phone numbers kept by an older Iceberg #${seed}`, v1Backup({ events, searchMisses: misses, caseLibrary: [library] }), { all: ['backup-unverified', 'phone-number-masked'] }, phones);
  }
  for (let seed = 120; seed < 125; seed += 1) {
    const at = pick(random(seed), eventLines);
    add(`a phone number written into a checked backup #${seed}`, swap(at, lines[at]!.replace(/"workOrderRef":(null|"[^"]*")/, '"workOrderRef":"13812345678"')), { all: ['backup-modified'] });
  }
  return inputs;
}
