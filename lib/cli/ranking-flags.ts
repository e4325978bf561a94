/**
 * Command-line switches for the ranking's parts, shared by `related` and
 * `eval` so an ablation runs the exact code the extension runs with one part
 * turned off: `--no-phrases`, `--no-acronyms`, `--no-coined-names`, `--no-field-weights`,
 * `--no-calibrated-strong`, `--no-feedback`, `--no-identifier-discount`,
 * `--no-bridge`, `--coordination N`, `--phrase-factor N`. The semantic bridge is read from its shipped asset
 * (a missing or corrupted one: a warning, and the ranking runs without it).
 */
import type { RelatedOptions } from '../related';
import { readBridge } from './bridge';

/** `parseArgs` option declarations for the switches. */
export const RANKING_FLAGS = {
  'no-phrases': { type: 'boolean', default: false },
  'no-acronyms': { type: 'boolean', default: false },
  'no-coined-names': { type: 'boolean', default: false },
  'no-field-weights': { type: 'boolean', default: false },
  'no-calibrated-strong': { type: 'boolean', default: false },
  'no-feedback': { type: 'boolean', default: false },
  'no-identifier-discount': { type: 'boolean', default: false },
  'no-bridge': { type: 'boolean', default: false },
  coordination: { type: 'string' },
  'phrase-factor': { type: 'string' },
} as const;

export const RANKING_USAGE =
  '[--no-phrases] [--no-acronyms] [--no-coined-names] [--no-field-weights] [--no-calibrated-strong] [--no-feedback] ' +
  '[--no-identifier-discount] [--no-bridge] [--coordination N] [--phrase-factor N]';

type FlagValues = {
  [K in keyof typeof RANKING_FLAGS]?: (typeof RANKING_FLAGS)[K]['type'] extends 'boolean' ? boolean : string;
};

/** The ranking options the switches ask for, or an error message. */
export function rankingOptions(values: FlagValues): RelatedOptions | string {
  const options: RelatedOptions = {
    phrases: !values['no-phrases'],
    acronyms: !values['no-acronyms'],
    coinedNames: !values['no-coined-names'],
    fieldWeights: !values['no-field-weights'],
    calibratedStrong: !values['no-calibrated-strong'],
    feedback: !values['no-feedback'],
    identifierDiscount: !values['no-identifier-discount'],
    bridge: values['no-bridge'] ? null : readBridge(),
  };
  if (values.coordination !== undefined) {
    const c = Number(values.coordination);
    if (!Number.isFinite(c) || c < 0 || c > 4)
      return `--coordination must be a number from 0 to 4, got "${values.coordination}"`;
    options.coordination = c;
  }
  if (values['phrase-factor'] !== undefined) {
    const f = Number(values['phrase-factor']);
    if (!Number.isFinite(f) || f < 1 || f > 4)
      return `--phrase-factor must be a number from 1 to 4, got "${values['phrase-factor']}"`;
    options.phraseFactor = f;
  }
  return options;
}
