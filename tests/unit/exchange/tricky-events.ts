import { TAXONOMY_SCHEMA_VERSION, Taxonomy } from '@/knowledge/taxonomy/taxonomy';
import { CategoryDirectory } from '@/knowledge/reports/category-directory';
import { OWN_SOURCE, type StoredClickEvent } from '@/knowledge/clicks/stored-event';
import type { CountingRule, Emotion, RiskGrade } from '@/knowledge/clicks/click-event';

/** Names with commas, quotes, emoji and formula-looking text, as a team lead might type them. */
export const TRICKY_TAXONOMY: Taxonomy = Taxonomy.parse({
  schemaVersion: TAXONOMY_SCHEMA_VERSION,
  name: 'Tricky',
  version: '1',
  categories: [
    { id: 'billing', name: { zh: '计费, "争议"', en: 'Billing, "disputed"' }, color: '#d9480f', shortcut: '1' },
    { id: 'billing-vas', parentId: 'billing', name: { zh: '增值业务😡', en: '=VAS charge' }, color: '#e8590c', shortcut: 'v' },
    { id: 'network', name: { zh: '网络 故障', en: '@network' }, color: '#1971c2', shortcut: '2' },
    { id: 'retired-one', name: { zh: '已停用', en: '-retired' }, color: '#555555', retired: true },
  ],
});

export const TRICKY_DIRECTORY = new CategoryDirectory(TRICKY_TAXONOMY);

/** Every text a cell might hold that could break a CSV writer or a spreadsheet. */
export const TRICKY_TEXTS = [
  'plain',
  'A,B',
  'say "hi"',
  '"',
  'line1\nline2',
  'line1\r\nline2',
  'ends with newline\n',
  '客户说：不接受解释，要求投诉',
  '😡🔥 family 👨‍👩‍👧',
  '=SUM(A1:A2)',
  '=HYPERLINK("http://evil.example","click")',
  '+86 138****1234',
  '-5',
  '@cmd',
  "'already quoted",
  "''two",
  ' leading space',
  'trailing space ',
  '\ttab first',
  '\rcarriage first',
  '工单号 #123; 100% 满意?',
  '\\backslash\\',
];

const RULES: Array<CountingRule | undefined> = ['customer-dissatisfied', 'company-at-fault', 'explanation-not-accepted', undefined];
const EMOTIONS: Array<Emotion | undefined> = ['calm', 'anxious', 'doubting', 'angry', 'disappointed', undefined];
const RISKS: Array<RiskGrade | undefined> = ['ordinary', 'escalated', 'major', undefined];
const CATEGORIES = ['billing', 'billing-vas', 'network', 'retired-one', 'unknown-cat'];

export function trickyEvents(): StoredClickEvent[] {
  return TRICKY_TEXTS.flatMap((text, index) => {
    const hex = (index + 1).toString(16).padStart(12, '0');
    const minute = String(index % 60).padStart(2, '0');
    const base: StoredClickEvent = {
      id: `10000000-0000-4000-8000-${hex}`,
      occurredAt: `2026-11-2${index % 3}T09:${minute}:05.120+08:00`,
      day: `2026-11-2${index % 3}`,
      agentId: index % 4 === 0 ? `=工号${index}` : `工号-80${index}`,
      categoryId: CATEGORIES[index % CATEGORIES.length]!,
      workOrderRef: text,
      site: index % 2 ? 'crm.example.com' : 'crm2.example.com:8443',
      voided: index % 5 === 0,
      source: index % 3 === 0 ? OWN_SOURCE : 'import:abc-1',
    };
    const rule = RULES[index % RULES.length];
    const emotion = EMOTIONS[index % EMOTIONS.length];
    const risk = RISKS[index % RISKS.length];
    if (rule) base.countingRule = rule;
    if (emotion) base.emotion = emotion;
    if (risk) base.riskGrade = risk;
    if (index % 3 !== 2) base.ticketRaised = index % 3 === 0;
    if (base.voided) base.voidedAt = base.occurredAt.replace(':05.120', ':25.000');
    const noWorkOrder: StoredClickEvent = { ...base, id: `20000000-0000-4000-8000-${hex}`, workOrderRef: null, occurredAt: base.occurredAt.replace('+08:00', '-05:30') };
    // An undo comes after its click in the same zone (an undo before the click is refused).
    if (noWorkOrder.voidedAt) noWorkOrder.voidedAt = noWorkOrder.voidedAt.replace('+08:00', '-05:30');
    return [base, noWorkOrder];
  });
}
