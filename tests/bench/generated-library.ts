import { seededRandom } from '../unit/seeded-random';
import type { CaseScript } from '@/knowledge/case-library/case-script';

/**
 * A large library for benchmarks, generated deterministically (seeded) from the default one:
 * each script takes a base script and mixes in sentences, keywords and details (cities,
 * customer types, amounts, dates) from others, so the text has the default library's telecom
 * vocabulary in new combinations rather than 10,000 copies of 72 scripts.
 */
export function generateLibrary(base: readonly CaseScript[], count: number, seed = 20261123): CaseScript[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const allKeywords = [...new Set(base.flatMap((script) => script.keywords))];
  const scripts: CaseScript[] = [];
  for (let i = 0; i < count; i++) {
    const main = pick(base);
    const other = pick(base);
    const city = pick(CITIES);
    const customer = pick(CUSTOMERS);
    const titleVariants = [
      `${main.title}（${city}）`,
      `${customer}：${main.title}`,
      `${main.title}，${pick(TITLE_TAILS)}`,
      `${city}${pick(CHANNELS)}：${main.title}`,
    ];
    const keywords = new Set(main.keywords.filter(() => random() < 0.75));
    keywords.add(pick(other.keywords));
    if (random() < 0.5) keywords.add(pick(allKeywords));
    if (random() < 0.3) keywords.add(city);
    scripts.push({
      id: `gen-${String(i + 1).padStart(5, '0')}`,
      title: pick(titleVariants).slice(0, 80),
      scenario: mix(main.scenario, other.scenario, random, `${customer}，来自${city}。`),
      solution: mix(main.solution, other.solution, random, ''),
      script: mix(main.script, other.script, random, ''),
      keywords: [...keywords].slice(0, 30),
      categoryIds: random() < 0.2 ? [...new Set([...main.categoryIds, ...other.categoryIds])].slice(0, 10) : [...main.categoryIds],
      updatedAt: `202${5 + Math.floor(random() * 2)}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`,
      owner: random() < 0.5 ? pick(OWNERS) : undefined,
    });
  }
  return scripts;
}

/** Sentences of `main`, one of them replaced by a sentence of `other`, numbers changed. */
function mix(main: string, other: string, random: () => number, prefix: string): string {
  const sentences = splitSentences(main);
  const extra = splitSentences(other);
  if (extra.length > 0 && sentences.length > 1) {
    sentences[Math.floor(random() * sentences.length)] = extra[Math.floor(random() * extra.length)]!;
  }
  const text = prefix + sentences.join('');
  return text.replace(/\d+/g, (digits) => String(Math.max(1, Math.round(Number(digits) * (0.5 + random()))))).slice(0, 3900);
}

function splitSentences(text: string): string[] {
  return text.match(/[^。！？\n]+[。！？\n]?/g) ?? [text];
}


const CITIES = ['北京', '上海', '广州', '深圳', '成都', '杭州', '武汉', '西安', '南京', '重庆', '天津', '苏州', '长沙', '郑州', '沈阳', '青岛', '昆明', '大连', '厦门', '合肥', '南宁', '贵阳', '兰州', '乌鲁木齐', '哈尔滨', '石家庄', '太原', '南昌', '福州', '海口'];
const CUSTOMERS = ['老年客户', '学生客户', '企业客户', 'VIP 客户', '外地客户', '新入网客户', '在网十年的老客户', '残障客户', '小商户', '外籍客户'];
const CHANNELS = ['营业厅', '热线', '网上营业厅', '手机营业厅 APP', '外呼', '社交平台', '短信营业厅'];
const TITLE_TAILS = ['客户要求当场答复', '客户第二次来电', '客户要求赔偿', '客户情绪激动', '涉及多个号码', '客户要求书面说明', '夜间来电', '客户家属代办'];
const OWNERS = ['计费投诉组', '网络投诉组', '宽带组', '质检组', '升级投诉组', '培训组'];
