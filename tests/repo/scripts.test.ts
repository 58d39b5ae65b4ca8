// Every npm script that runs a TypeScript file (`tsx <file>`) names a file that exists: a
// renamed entry point otherwise breaks its command without any test noticing.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, it } from 'vitest';
import { REPO_ROOT } from '../fixtures/svm.js';

function manifests(): string[] {
  const root = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { workspaces: string[] };
  return ['package.json', ...root.workspaces.map((w) => join(w, 'package.json'))];
}

it('every tsx script of every package points at an existing file', () => {
  const checked: string[] = [];
  for (const manifest of manifests()) {
    const { scripts = {} } = JSON.parse(readFileSync(join(REPO_ROOT, manifest), 'utf8')) as {
      scripts?: Record<string, string>;
    };
    for (const [name, command] of Object.entries(scripts)) {
      for (const [, file] of command.matchAll(/\btsx\s+(?:--\S+\s+)*(\S+\.ts)\b/g)) {
        const path = join(REPO_ROOT, dirname(manifest), file as string);
        checked.push(`${manifest} ${name}`);
        expect(existsSync(path), `${manifest}: "${name}" runs ${file}, which does not exist`).toBe(true);
      }
    }
  }
  expect(checked).toContain('indexer/package.json migrate');
  expect(checked).toContain('package.json bench:indexer');
});
