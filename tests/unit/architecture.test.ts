import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The architecture, checked: what each top-level folder may import and touch. A failure names
 * the file and the import that broke the rule.
 */

const root = path.resolve(import.meta.dirname, '../..');
const SOURCE_FOLDERS = ['knowledge', 'storage', 'components', 'entrypoints'] as const;
type Layer = (typeof SOURCE_FOLDERS)[number];

const sourceFiles = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', ...SOURCE_FOLDERS], { cwd: root, encoding: 'utf8' })
  .split('\n')
  .filter((file) => /\.(ts|tsx)$/.test(file) && !file.endsWith('.d.ts') && existsSync(path.join(root, file)));

interface ModuleImport {
  specifier: string;
  /** Repository-relative path for our own modules; undefined for packages. */
  resolved?: string;
}

function resolveOwn(from: string, specifier: string): string | undefined {
  let base: string;
  if (specifier.startsWith('@/')) base = specifier.slice(2);
  else if (specifier.startsWith('.')) base = path.posix.join(path.posix.dirname(from), specifier);
  else return undefined;
  base = base.replace(/\?.*$/, '');
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`]) {
    if (existsSync(path.join(root, candidate)) && /\.(ts|tsx|json|css)$/.test(candidate)) return candidate;
  }
  return base;
}

const parsed = new Map<string, { source: ts.SourceFile; imports: ModuleImport[] }>();
for (const file of sourceFiles) {
  const text = readFileSync(path.join(root, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const imports = ts.preProcessFile(text, true, true).importedFiles.map(({ fileName }) => ({ specifier: fileName, resolved: resolveOwn(file, fileName) }));
  parsed.set(file, { source, imports });
}

const layerOf = (file: string) => file.split('/')[0] as Layer;

function violations(files: string[], broken: (file: string, imported: ModuleImport) => boolean): string[] {
  return files.flatMap((file) => parsed.get(file)!.imports.filter((imported) => broken(file, imported)).map((imported) => `${file} → ${imported.specifier}`));
}

/** Places where code uses `browser.` or `chrome.` (the extension APIs), found in the syntax tree, not in comments. */
function extensionApiUses(file: string): string[] {
  const uses: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && ['browser', 'chrome'].includes(node.expression.text)) {
      const { line } = parsed.get(file)!.source.getLineAndCharacterOfPosition(node.getStart());
      uses.push(`${file}:${line + 1} ${node.getText()}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(parsed.get(file)!.source);
  return uses;
}

const inFolder = (folder: string) => sourceFiles.filter((file) => file.startsWith(`${folder}/`));

describe('the architecture', () => {
  it('knowledge/ is pure TypeScript: no browser API, no DOM, no Dexie, no UI, nothing above it', () => {
    const forbidden = /^(wxt|dexie|preact|@webext-core)(\/|$)/;
    expect(violations(inFolder('knowledge'), (_file, { specifier, resolved }) => forbidden.test(specifier) || (resolved !== undefined && layerOf(resolved) !== 'knowledge'))).toEqual([]);
    expect(inFolder('knowledge').flatMap(extensionApiUses)).toEqual([]);
  });

  it('knowledge/ compiles without the DOM (it runs in Node, in tests and in the CLI)', () => {
    const program = ts.createProgram(
      inFolder('knowledge').map((file) => path.join(root, file)),
      {
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.Preserve,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        resolveJsonModule: true,
        lib: ['lib.es2023.d.ts'],
        types: ['node'],
        baseUrl: root,
        paths: { '@/*': ['./*'] },
      },
    );
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map((diagnostic) => `${diagnostic.file ? path.relative(root, diagnostic.file.fileName) : ''}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`);
    expect(problems).toEqual([]);
  }, 60_000);

  it('only storage/platform/ and entrypoints/ touch browser extension APIs', () => {
    const allowed = (file: string) => file.startsWith('storage/platform/') || file.startsWith('entrypoints/');
    const others = sourceFiles.filter((file) => !allowed(file));
    expect(violations(others, (_file, { specifier }) => specifier === 'wxt/browser' || specifier.startsWith('@webext-core/'))).toEqual([]);
    expect(others.flatMap(extensionApiUses)).toEqual([]);
  });

  it('only storage/database/ imports Dexie', () => {
    const others = sourceFiles.filter((file) => !file.startsWith('storage/database/'));
    expect(violations(others, (_file, { specifier }) => specifier === 'dexie' || specifier.startsWith('dexie/'))).toEqual([]);
  });

  it('layers import downwards only: entrypoints → components → storage → knowledge', () => {
    const rank: Record<Layer, number> = { knowledge: 0, storage: 1, components: 2, entrypoints: 3 };
    expect(
      violations(sourceFiles, (file, { resolved }) => resolved !== undefined && SOURCE_FOLDERS.includes(layerOf(resolved)) && rank[layerOf(resolved)] > rank[layerOf(file)]),
    ).toEqual([]);
  });

  it('inside storage/, the database and the platform layer depend on no other part of storage', () => {
    const outside = (part: string) => (file: string, { resolved }: ModuleImport) =>
      resolved !== undefined && resolved.startsWith('storage/') && !resolved.startsWith(`storage/${part}/`);
    expect(violations(inFolder('storage/database'), outside('database'))).toEqual([]);
    expect(violations(inFolder('storage/platform'), outside('platform'))).toEqual([]);
  });

  it('each folder holds what its name says', () => {
    const children = (folder: string) => [...new Set(inFolder(folder).map((file) => file.slice(folder.length + 1).split('/')[0]!))].sort();
    expect(children('storage')).toEqual(['background', 'database', 'messaging', 'pages', 'platform', 'settings-source.ts']);
    expect(children('components').filter((name) => !name.includes('.'))).toEqual(['crm-page', 'dashboard', 'library', 'settings', 'shared', 'sidebar']);
    expect(children('components').filter((name) => name.includes('.'))).toEqual([]);
  });

  it('has no import cycles', () => {
    const graph = new Map(sourceFiles.map((file) => [file, parsed.get(file)!.imports.flatMap(({ resolved }) => (resolved && parsed.has(resolved) ? [resolved] : []))]));
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const stack: string[] = [];
    const visit = (file: string) => {
      state.set(file, 'visiting');
      stack.push(file);
      for (const next of graph.get(file) ?? []) {
        if (state.get(next) === 'visiting') cycles.push([...stack.slice(stack.indexOf(next)), next].join(' → '));
        else if (!state.has(next)) visit(next);
      }
      stack.pop();
      state.set(file, 'done');
    };
    for (const file of sourceFiles) if (!state.has(file)) visit(file);
    expect(cycles).toEqual([]);
  });

  it('the pages’ Web Workers reach no extension API, not even through an import (a worker has none: IT’s policy would read as empty)', () => {
    const workers = sourceFiles.filter((file) => /^entrypoints\/[^/]+\/[^/]*worker\.ts$/.test(file));
    expect(workers.length).toBeGreaterThanOrEqual(2);
    const reached = new Set<string>();
    const visit = (file: string) => {
      if (reached.has(file) || !parsed.has(file)) return;
      reached.add(file);
      for (const { resolved } of parsed.get(file)!.imports) if (resolved) visit(resolved);
    };
    workers.forEach(visit);
    const touching = [...reached].filter((file) => file.startsWith('storage/platform/') || file === 'storage/settings-source.ts' || extensionApiUses(file).length > 0);
    expect(touching).toEqual([]);
  });

  it('entrypoints are wiring, short enough to read at a glance', () => {
    const long = inFolder('entrypoints')
      .map((file) => [file, readFileSync(path.join(root, file), 'utf8').split('\n').length] as const)
      .filter(([, lines]) => lines > 60)
      .map(([file, lines]) => `${file}: ${lines} lines`);
    expect(long).toEqual([]);
  });

  it('nothing in the repository points at files outside it', () => {
    const tracked = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n').filter((file) => /\.(ts|tsx|mjs|md|json|css|html)$/.test(file) && file !== 'package-lock.json');
    const outside = tracked.filter((file) => existsSync(path.join(root, file)) && /PRODUCT\.md|ENGINEERING\.md|\.\.\/shared\//.test(readFileSync(path.join(root, file), 'utf8')));
    expect(outside.filter((file) => file !== 'tests/unit/architecture.test.ts')).toEqual([]);
  });
});
