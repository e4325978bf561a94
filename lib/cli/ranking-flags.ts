/**
 * Command-line switches for the ranking's parts, shared by `related` and
 * `eval` so an ablation runs the exact code the extension runs with one part
 * turned off (each maps onto lib/ranking/config.ts): `--no-phrases`,
 * `--no-acronyms`, `--no-field-weights`, `--no-identifier-discount`,
 * `--linear-tf`, `--no-cosine`, `--key-term-cosine` (the cosine over key terms, not whole texts), `--no-feedback`, `--no-calibrated-strong`, `--bridge` (on: the semantic bridge, off by default — see docs/bridge.md) with
 * `--bridge-factor N`, `--bridge-sources N`, `--bridge-per-term N`, `--bridge-min-similarity N` (its `BRIDGE_CONFIG` numbers), `--bridge-unknown` (also bridge the page's
 * words the corpus lacks),
 * `--coordination N`, `--phrase-factor N`, `--cosine-weight N`, `--cosine-candidates N`.
 */
import type { RankingOverrides } from '../ranking/config';

/** `parseArgs` option declarations for the switches. */
export const RANKING_FLAGS = {
  'no-phrases': { type: 'boolean', default: false },
  'no-acronyms': { type: 'boolean', default: false },
  'no-field-weights': { type: 'boolean', default: false },
  'no-identifier-discount': { type: 'boolean', default: false },
  'linear-tf': { type: 'boolean', default: false },
  'no-cosine': { type: 'boolean', default: false },
  'key-term-cosine': { type: 'boolean', default: false },
  'no-feedback': { type: 'boolean', default: false },
  'no-calibrated-strong': { type: 'boolean', default: false },
  bridge: { type: 'boolean', default: false },
  'bridge-factor': { type: 'string' },
  'bridge-per-term': { type: 'string' },
  'bridge-sources': { type: 'string' },
  'bridge-min-similarity': { type: 'string' },
  'bridge-unknown': { type: 'boolean', default: false },
  coordination: { type: 'string' },
  'phrase-factor': { type: 'string' },
  'cosine-weight': { type: 'string' },
  'cosine-candidates': { type: 'string' },
} as const;

export const RANKING_USAGE =
  '[--no-phrases] [--no-acronyms] [--no-field-weights] [--no-identifier-discount] [--linear-tf] [--no-cosine] ' +
  '[--key-term-cosine] [--no-feedback] [--no-calibrated-strong] [--bridge [--bridge-factor N] [--bridge-sources N] [--bridge-per-term N] [--bridge-min-similarity N] [--bridge-unknown]] [--coordination N] [--phrase-factor N] [--cosine-weight N] [--cosine-candidates N]';

type FlagValues = {
  [K in keyof typeof RANKING_FLAGS]?: (typeof RANKING_FLAGS)[K]['type'] extends 'boolean' ? boolean : string;
};

/** A number switch within bounds, or an error message. */
function bounded(name: string, value: string | undefined, min: number, max: number): number | undefined | string {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= min && n <= max
    ? n
    : `--${name} must be a number from ${min} to ${max}, got "${value}"`;
}

/** The configuration changes the switches ask for, or an error message. */
export function rankingOptions(values: FlagValues): RankingOverrides | string {
  const coordination = bounded('coordination', values.coordination, 0, 4);
  const phraseFactor = bounded('phrase-factor', values['phrase-factor'], 1, 4);
  const cosineWeight = bounded('cosine-weight', values['cosine-weight'], 0, 1);
  const cosineCandidates = bounded('cosine-candidates', values['cosine-candidates'], 1, 1000);
  const bridgeFactor = bounded('bridge-factor', values['bridge-factor'], 0, 4);
  const bridgeSources = bounded('bridge-sources', values['bridge-sources'], 0, 1000);
  const bridgePerTerm = bounded('bridge-per-term', values['bridge-per-term'], 0, 255);
  const bridgeMinSimilarity = bounded('bridge-min-similarity', values['bridge-min-similarity'], 0, 1);
  for (const v of [
    coordination,
    phraseFactor,
    cosineWeight,
    cosineCandidates,
    bridgeFactor,
    bridgeSources,
    bridgePerTerm,
    bridgeMinSimilarity,
  ])
    if (typeof v === 'string') return v;
  const num = (v: number | string | undefined) => (typeof v === 'number' ? v : undefined);
  const defined = <T extends object>(o: T): Partial<T> =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
  return {
    keywords: defined({
      phrases: values['no-phrases'] ? false : undefined,
      acronyms: values['no-acronyms'] ? false : undefined,
      fieldWeights: values['no-field-weights'] ? false : undefined,
      identifierDiscount: values['no-identifier-discount'] ? false : undefined,
      tf: values['linear-tf'] ? ('linear' as const) : undefined,
      phraseFactor: num(phraseFactor),
    }),
    scoring: defined({
      cosine: values['no-cosine'] ? false : undefined,
      wholeText: values['key-term-cosine'] ? false : undefined,
      coordination: num(coordination),
      cosineWeight: num(cosineWeight),
      cosineCandidates: num(cosineCandidates),
    }),
    feedback: defined({ enabled: values['no-feedback'] ? false : undefined }),
    bridge: defined({
      enabled: values.bridge ? true : undefined,
      factor: num(bridgeFactor),
      sources: num(bridgeSources),
      perTerm: num(bridgePerTerm),
      minSimilarity: num(bridgeMinSimilarity),
      unknownSources: values['bridge-unknown'] ? true : undefined,
    }),
    strong: defined({ calibrated: values['no-calibrated-strong'] ? false : undefined }),
  };
}
