import { cruise, type ICruiseResult } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

/** The import cycles dependency-cruiser finds under `lib/`, each as "a.ts → b.ts → a.ts". */
async function cycles(typeOnly: boolean): Promise<string[]> {
  const result = await cruise(
    ['lib'],
    {
      validate: true,
      ruleSet: {
        forbidden: [
          {
            name: 'no-circular',
            severity: 'error',
            from: {},
            // A cycle counts only when every import along it is there at run time, unless type-only ones are asked for.
            to: typeOnly ? { circular: true } : { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
          },
        ],
      },
      tsPreCompilationDeps: true,
      doNotFollow: { path: 'node_modules' },
      exclude: { path: 'node_modules' },
    },
    undefined,
    { tsConfig: { fileName: 'tsconfig.json' } },
  );
  const output = result.output as ICruiseResult;
  return output.summary.violations.map((v) =>
    [v.from, ...(v.cycle ?? []).map((c) => (typeof c === 'string' ? c : c.name))].join(' → '),
  );
}

describe('lib/ imports', () => {
  it('form no cycle at run time (type-only imports left out)', async () => {
    expect(await cycles(false)).toEqual([]);
  });

  it('form no cycle in lib/index/, type-only imports included', async () => {
    expect((await cycles(true)).filter((c) => c.includes('lib/index/'))).toEqual([]);
  });
});
