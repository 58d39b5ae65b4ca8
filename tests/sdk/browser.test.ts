// The SDK's entry must bundle for the browser: no Node built-ins anywhere in
// its import graph.
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../fixtures/svm.js';

describe('sdk in the browser', () => {
  it('bundles for platform=browser without Node built-ins', async () => {
    const result = await build({
      entryPoints: [resolve(REPO_ROOT, 'sdk/src/index.ts')],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
      define: { 'process.env.NODE_ENV': '"production"' },
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((i) => i.includes('sdk/src/index.ts'))).toBe(true);
    expect(inputs.filter((i) => i.startsWith('node:'))).toEqual([]);
    expect(result.outputFiles[0]?.text.length).toBeGreaterThan(10_000);
  });
});
