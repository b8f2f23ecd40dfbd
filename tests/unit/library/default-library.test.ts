import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TAXONOMY } from '@/knowledge/taxonomy/default-taxonomy';
import { placeholdersIn } from '@/knowledge/case-library/case-script';
import { defaultLibrary } from '@/knowledge/case-library/default-library';
import { checkLibraryFile } from '@/knowledge/case-library/library-check';
import { OPTIONS } from './library-fixtures';

const scripts = defaultLibrary().scripts;

describe('the default case library', () => {
  it('imports without a single problem against the default taxonomy, as a lead would re-import it', () => {
    const bytes = readFileSync(new URL('../../../knowledge/case-library/default-library.json', import.meta.url));
    const check = checkLibraryFile(bytes, { ...OPTIONS, fileName: 'default-library.json' });
    expect(check.problems).toEqual([]);
    expect(check.valid).toEqual(scripts);
  });

  it('has at least 40 scripts', () => {
    expect(scripts.length).toBeGreaterThanOrEqual(40);
  });

  it('covers every category of the default taxonomy, most with several scripts', () => {
    const perCategory = new Map(DEFAULT_TAXONOMY.categories.map((category) => [category.id, 0]));
    for (const found of scripts) for (const id of found.categoryIds) perCategory.set(id, (perCategory.get(id) ?? 0) + 1);
    const uncovered = [...perCategory].filter(([, count]) => count === 0).map(([id]) => id);
    expect(uncovered).toEqual([]);
    const thin = [...perCategory].filter(([, count]) => count < 3).map(([id]) => id);
    expect(thin).toEqual([]);
  });

  it('covers the scenarios the issue names', () => {
    const titles = scripts.map((found) => `${found.title} ${found.scenario}`).join('\n');
    for (const topic of ['5G', '家庭', '漫游', '宽带', '短信', '携号转网', '增值业务', '态度']) expect(titles, topic).toContain(topic);
  });

  it('writes each script with empathy and a commitment that can be checked', () => {
    // Acknowledging the emotion or apologising, in the words the scripts use.
    const empathy = /理解|着急|抱歉|道歉|不舒服|换作是我|换谁|心情|辛苦|委屈|担心|不便|确实|感谢|谢谢|正常|合理|有道理|尊重|失望|别急|不痛快|火大/;
    // A commitment names a time (hours, working days, a placeholder for it) or a ticket number.
    const checkable = /\d+\s*(小时|个?工作日|天|分钟)|\[[^\]]*(日|天|时间|X)[^\]]*\]|\{[^}]*\}|工单号|\[工单号\]/;
    const missing = scripts.filter((found) => !empathy.test(found.script) || !checkable.test(found.script)).map((found) => found.id);
    expect(missing).toEqual([]);
  });

  it('makes no vague promises', () => {
    const vague = /一定(会|给您)?(解决|处理好|修好)|肯定(会|能)?(解决|处理好)|保证(解决|没问题)|绝对/;
    expect(scripts.filter((found) => vague.test(found.script)).map((found) => found.id)).toEqual([]);
  });

  it('uses placeholders where the agent has to fill in details', () => {
    const withPlaceholders = scripts.filter((found) => placeholdersIn(found.script).length > 0);
    expect(withPlaceholders.length / scripts.length).toBeGreaterThan(0.8);
  });

  it('has unique ids that say their category', () => {
    expect(new Set(scripts.map((found) => found.id)).size).toBe(scripts.length);
  });
});
