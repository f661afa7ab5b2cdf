/**
 * The machines run Node 20 (issue 16 point 15): every dependency we run on it must say it supports
 * Node 20, and package.json's own `engines` must say what the tools really need. The Electron
 * toolchain is the documented exception (README "The desktop app"): electron and electron-builder run
 * only on the machine that launches or packages the desktop app, whose binary has its own Node.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const ELECTRON_TOOLCHAIN = new Set(['electron', 'electron-builder']);
const NODE_20 = '20.19.0';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  engines: { node: string };
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

function version(text: string): number[] {
  return text.replace(/^v/, '').split('.').map(Number);
}
function compare(a: number[], b: number[]): number {
  for (let index = 0; index < 3; index++) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
/** The range forms npm packages write in `engines.node`: `>=x`, `^x`, `<x`, spaces (and), `||` (or). */
function satisfies(current: string, range: string): boolean {
  if (range.trim() === '' || range.trim() === '*') return true;
  const have = version(current);
  return range.split('||').some((alternative) =>
    alternative
      .trim()
      .replace(/(>=|<=|>|<|\^)\s+/g, '$1')
      .split(/\s+/)
      .every((part) => {
        const match = /^(>=|<=|>|<|\^)?(\d+(?:\.\d+){0,2})$/.exec(part);
        if (!match) throw new Error(`cannot read the engines range '${range}'`);
        const [, operator, wanted] = match;
        const want = version(wanted!);
        const order = compare(have, want);
        if (operator === '>=') return order >= 0;
        if (operator === '>') return order > 0;
        if (operator === '<=') return order <= 0;
        if (operator === '<') return order < 0;
        if (operator === '^') return order >= 0 && have[0] === want[0];
        return order === 0 || (wanted!.split('.').length < 3 && have[0] === want[0]);
      }),
  );
}

describe('versions that match Node 20', () => {
  it('package.json engines admits Node 20.19 and what the dev tools need (vite, eslint: ^20.19.0)', () => {
    expect(satisfies(NODE_20, pkg.engines.node)).toBe(true);
    expect(satisfies('20.18.0', pkg.engines.node)).toBe(false);
  });

  it('every dependency outside the Electron toolchain declares support for Node 20', () => {
    const refusing = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })
      .filter((name) => !ELECTRON_TOOLCHAIN.has(name))
      .flatMap((name) => {
        const installed = JSON.parse(
          readFileSync(new URL(`../../node_modules/${name}/package.json`, import.meta.url), 'utf8'),
        ) as { version: string; engines?: { node?: string } };
        const range = installed.engines?.node ?? '';
        return satisfies(NODE_20, range) ? [] : [`${name}@${installed.version} wants node ${range}`];
      });
    expect(refusing).toEqual([]);
  });
});
