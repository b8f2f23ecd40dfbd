import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');

/** ">=20.19" → [20, 19]. */
function minimum(range: string): [number, number] {
  const match = /^>=(\d+)\.(\d+)$/.exec(range);
  if (!match) throw new Error(`engines.node should be a plain minimum like ">=20.19", got "${range}"`);
  return [Number(match[1]), Number(match[2])];
}

describe('the supported Node versions', () => {
  const [major, minor] = minimum(packageJson.engines.node);

  it('the tests run on a Node that package.json says is supported', () => {
    const [runningMajor, runningMinor] = process.versions.node.split('.').map(Number) as [number, number];
    expect(runningMajor > major || (runningMajor === major && runningMinor >= minor), `Node ${process.versions.node} vs ${packageJson.engines.node}`).toBe(true);
  });

  it('the README states the same minimum', () => {
    expect(readme).toContain(`Node ≥ ${major}.${minor}`);
    expect(readme).toContain(`\`>=${major}.${minor}\``);
  });
});
