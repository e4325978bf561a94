import { stemmer } from 'stemmer';

/**
 * Text normalisation shared by the index and the page reader, so that a word on
 * a page and the same word in an abstract always become the same term.
 */

/** English function words plus the boilerplate of web pages and READMEs. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above after again against all almost also although always am among an and another any are aren as at
  be because been before being below between both but by can cannot could did do does doing done down during each
  either else etc even ever every few for from further get gets getting give given gives go goes going got had has
  have having he her here hers herself him himself his how however i if in into is isn it its itself just least
  less let like likely made make makes making many may me might more most much must my myself need needs neither
  no nor not now of off often on once one only onto or other others otherwise our ours ourselves out over own per
  perhaps put quite rather really said same see seen several shall she should show shows shown since so some such
  than that the their theirs them themselves then there therefore these they this those though through thus to
  together too toward towards under until up upon us use used uses using very via was we well were what when where
  whether which while who whom whose why will with within without would yet you your yours yourself yourselves
  able across already alongside first second third new based way ways within yes
  www http https com org net html htm io md readme github gitlab star stars fork forks watch watching issues issue
  pull pulls request requests commit commits branch branches clone repo repository repositories license licensed
  copyright mit apache bsd click here link links page pages home sign signup login log menu navigation nav footer
  header sidebar cookie cookies privacy terms contact blog docs documentation install installation installing pip
  npm conda setup usage download downloads example examples note notes todo faq contributing contributors
  contributor release releases version versions latest badge badges build status shield svg png jpg gif
  discussions actions projects wiki security insights sponsor`.split(/\s+/),
);

const WORD = /[\p{L}\p{N}]+/gu;

/** Splits text into lower-case word tokens (letters and digits), keeping their order. */
export function words(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

/**
 * Turns one lower-case word into the term the index stores, or null for words
 * that carry no topic (stop words, numbers, single letters).
 */
export function toTerm(word: string): string | null {
  if (word.length < 2 || word.length > 40) return null;
  if (/^\d+$/.test(word)) return null;
  if (STOP_WORDS.has(word)) return null;
  return stemmer(word);
}

/** All index terms of a text, in order (stop words dropped, words stemmed). */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const w of words(text)) {
    const t = toTerm(w);
    if (t) out.push(t);
  }
  return out;
}

/**
 * Tokens of a text: its words plus each pair of adjacent words as a phrase
 * ("kv cache"), so that phrases match as well as the words in them.
 */
export function tokenize(text: string): string[] {
  const ws = words(text);
  const out = ws.slice();
  for (let i = 0; i + 1 < ws.length; i++) out.push(`${ws[i]} ${ws[i + 1]}`);
  return out;
}

/** A token to its index term: a stemmed word, or a phrase of two stemmed words joined by a space. */
export function processTerm(token: string): string | null {
  const space = token.indexOf(' ');
  if (space < 0) return toTerm(token);
  const a = toTerm(token.slice(0, space));
  const b = toTerm(token.slice(space + 1));
  return a && b ? `${a} ${b}` : null;
}
