import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { associationNeighbours, BRIDGE_ASSET_PATH, nearestNeighbours, readBridge } from '../../lib/cli/bridge';
import { paperId, type Paper } from '../../lib/corpus';
import { pageKeywords, unknownKeywords, type Keyword } from '../../lib/ranking/keywords';
import { pageFromMarkdown, PageSchema } from '../../lib/page';
import {
  BRIDGE_CONFIG,
  BridgeError,
  decodeBridge,
  encodeBridge,
  expandKeywords,
  lazyBridge,
  matchedConcepts,
  neighboursOf,
  searchApart,
  type Bridge,
  type BridgeInput,
} from '../../lib/ranking/bridge';
import { rankingConfig } from '../../lib/ranking/config';
import { rank, shortlist } from '../../lib/ranking/rank';
import { buildEngine } from '../../lib/index/engine';
import { toTerm } from '../../lib/text';

const fixture = (name: string) => readFileSync(join('tests/fixtures/bridge', name), 'utf8');

/** The made-up bridge of tests/fixtures/bridge/neighbours.json, in the asset's shape (words become index terms). */
function fixtureBridgeInput(): BridgeInput {
  const { neighbours } = JSON.parse(fixture('neighbours.json')) as {
    neighbours: Record<string, Array<[string, number]>>;
  };
  const term = (w: string) => toTerm(w)!;
  const spelling = new Map<string, string>();
  for (const [w, list] of Object.entries(neighbours)) {
    spelling.set(term(w), w);
    for (const [n] of list) spelling.set(term(n), n);
  }
  const terms = [...spelling.keys()].sort();
  const k = Math.max(...Object.values(neighbours).map((l) => l.length));
  const index = new Array<number>(terms.length * k).fill(-1);
  const similarity = new Array<number>(terms.length * k).fill(0);
  for (const [w, list] of Object.entries(neighbours)) {
    const i = terms.indexOf(term(w));
    list.forEach(([n, s], j) => {
      index[i * k + j] = terms.indexOf(term(n));
      similarity[i * k + j] = s;
    });
  }
  const meta = { corpus: 'made-up', papers: 0, trainer: 'by hand', minDf: 1, floor: 0 };
  return { meta, terms, spellings: terms.map((t) => spelling.get(t)!), k, neighbours: index, similarity };
}

const fixtureBridge = (): Bridge => decodeBridge(encodeBridge(fixtureBridgeInput()));

const papers: Paper[] = (JSON.parse(fixture('papers.json')) as Array<{ title: string; abstract: string }>).map((p) => ({
  id: paperId(p.title),
  title: p.title,
  abstract: p.abstract,
  source: 'fixture',
}));
const engine = buildEngine(papers, 'bridge-fixture');
const cookingPage = pageFromMarkdown(fixture('page.md'));
const CUISINE = 'Braising and Simmering in Regional Cuisine';

describe('decodeBridge', () => {
  it('reads back what encodeBridge wrote: terms, spellings and neighbours at int8 precision', () => {
    const input = fixtureBridgeInput();
    const bridge = decodeBridge(encodeBridge(input));
    expect(bridge.terms).toEqual(input.terms);
    expect(bridge.spellings).toEqual(input.spellings);
    const cook = neighboursOf(bridge, toTerm('cooking')!);
    expect(cook.map((n) => n.spelling)).toEqual(['cuisine', 'culinary', 'chefs', 'saucepan', 'household']);
    expect(cook[0]!.similarity).toBeCloseTo(0.82, 2);
  });

  it('refuses a file whose bytes were changed (checksum)', () => {
    const bytes = encodeBridge(fixtureBridgeInput());
    bytes[bytes.length - 10]! ^= 0x5a;
    expect(() => decodeBridge(bytes)).toThrow(/checksum/);
  });

  it('refuses a truncated file, a file of another kind and a newer format', () => {
    const bytes = encodeBridge(fixtureBridgeInput());
    expect(() => decodeBridge(bytes.subarray(0, bytes.length - 1))).toThrow(BridgeError);
    expect(() => decodeBridge(new TextEncoder().encode('{"not": "a bridge", "padding": "............"}'))).toThrow(
      /wrong magic/,
    );
    const newer = bytes.slice();
    newer[8] = 2;
    expect(() => decodeBridge(newer)).toThrow(/format version 2/);
  });

  it('refuses neighbours that point past the vocabulary', () => {
    const input = fixtureBridgeInput();
    const neighbours = Array.from(input.neighbours);
    neighbours[0] = input.terms.length + 3;
    expect(() => decodeBridge(encodeBridge({ ...input, neighbours }))).toThrow(/out of range/);
  });
});

describe('loading the bridge', () => {
  it('gives null and reports a clear error for a corrupted asset, and the ranking still works without it', async () => {
    const bytes = encodeBridge(fixtureBridgeInput());
    bytes[20]! ^= 0xff;
    const errors: Error[] = [];
    const load = lazyBridge(
      async () => bytes,
      (e) => errors.push(e),
    );
    const bridge = await load();
    expect(bridge).toBeNull();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(BridgeError);
    expect(errors[0]!.message).toMatch(/^semantic bridge asset: /);
    expect(rank(cookingPage, engine, rankingConfig({ bridge: { enabled: true } }), bridge)).toEqual(
      rank(cookingPage, engine),
    );
  });

  it('loads once however often it is asked for', async () => {
    let loads = 0;
    const load = lazyBridge(async () => (loads++, encodeBridge(fixtureBridgeInput())));
    const [a, b] = await Promise.all([load(), load()]);
    expect(await load()).toBe(a);
    expect(b).toBe(a);
    expect(loads).toBe(1);
  });

  it('reports a missing file in Node as an error, not a crash', () => {
    const warnings: string[] = [];
    expect(readBridge(join(tmpdir(), 'no-such-bridge.bin'), (w) => warnings.push(w))).toBeNull();
    expect(warnings[0]).toMatch(/semantic bridge asset: cannot be read.*ranking without the bridge/);
  });

  it('reads a corrupted file in Node as no bridge, with a warning', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'bridge-test-')), 'neighbours.bin');
    const bytes = encodeBridge(fixtureBridgeInput());
    bytes[bytes.length - 1]! ^= 1;
    writeFileSync(file, bytes);
    const warnings: string[] = [];
    expect(readBridge(file, (w) => warnings.push(w))).toBeNull();
    expect(warnings[0]).toMatch(/checksum/);
  });
});

describe('expandKeywords', () => {
  const bridge = fixtureBridge();
  const own = pageKeywords(cookingPage, engine);
  const expanded = expandKeywords(own, cookingPage, bridge, engine);
  const bridged = expanded.filter((k) => k.kind === 'bridge');

  it('keeps the page’s own keywords first and unchanged', () => {
    expect(expanded.slice(0, own.length)).toEqual(own);
  });

  it('adds close terms the index has, labelled "page word ≈ close word" and remembering their page term', () => {
    const cuisine = bridged.find((k) => k.term === toTerm('cuisine'));
    const cooking = own.find((k) => k.term === toTerm('cooking'))!;
    expect(cuisine?.label).toBe(`${cooking.label} ≈ cuisine`);
    expect(cuisine?.bridgedFrom).toBe(toTerm('cooking'));
    expect(cuisine?.concept).toBe(own.find((k) => k.term === toTerm('cooking'))!.concept);
    expect(cuisine?.tf).toBe(0);
  });

  it('adds only terms of the index’s vocabulary', () => {
    // cooking ≈ saucepan (0.62) is close enough, but no paper says "saucepan".
    expect(engine.df.has(toTerm('saucepan')!)).toBe(false);
    const wide = expandKeywords(own, cookingPage, bridge, engine, { ...BRIDGE_CONFIG, perTerm: 10 });
    expect(wide.filter((k) => k.kind === 'bridge').length).toBeGreaterThan(0);
    for (const k of wide) expect(engine.df.has(k.term), k.term).toBe(true);
  });

  it('never adds a term the page uses itself', () => {
    // "chefs" is close to "cooking": bridged for a page that never says it, not for one that does.
    const bridgedTerms = (text: string) => {
      const page = PageSchema.parse({ title: 'Cooking tonight', text });
      return expandKeywords(pageKeywords(page, engine), page, bridge, engine)
        .filter((k) => k.kind === 'bridge')
        .map((k) => k.term);
    };
    expect(bridgedTerms('cooking cooking, as friends do')).toContain(toTerm('chefs'));
    expect(bridgedTerms('cooking cooking, as chefs do')).not.toContain(toTerm('chefs'));
  });

  it('leaves out neighbours below the least similarity', () => {
    // cooking ≈ household (0.45) is below the default 0.6 though "household" is in the index.
    expect(engine.df.has(toTerm('household')!)).toBe(true);
    const strict = expandKeywords(own, cookingPage, bridge, engine, { ...BRIDGE_CONFIG, perTerm: 10 });
    expect(strict.map((k) => k.term)).not.toContain(toTerm('household'));
    const loose = expandKeywords(own, cookingPage, bridge, engine, {
      ...BRIDGE_CONFIG,
      minSimilarity: 0.4,
      perTerm: 5,
    });
    expect(loose.map((k) => k.term)).toContain(toTerm('household'));
  });

  it('takes at most perTerm neighbours of each page word', () => {
    const one = expandKeywords(own, cookingPage, bridge, engine, { ...BRIDGE_CONFIG, perTerm: 1 });
    const from = new Map<string, number>();
    for (const k of one) if (k.bridgedFrom) from.set(k.bridgedFrom, (from.get(k.bridgedFrom) ?? 0) + 1);
    expect(Math.max(...from.values())).toBe(1);
  });

  it('weighs a bridged term below the page word it stands for', () => {
    for (const k of bridged) {
      const source = own.find((s) => s.term === k.bridgedFrom)!;
      expect(k.weight, k.label).toBeLessThan(source.weight);
    }
  });

  it('adds nothing for page terms the bridge does not know', () => {
    const unknown: Keyword[] = own.map((k) => ({ ...k, term: `${k.term} pot` }));
    expect(expandKeywords(unknown, cookingPage, bridge, engine)).toEqual(unknown);
    const acronyms: Keyword[] = own.map((k) => ({ ...k, kind: 'acronym' }));
    expect(expandKeywords(acronyms, cookingPage, bridge, engine)).toEqual(acronyms);
  });
});

describe('expandKeywords: page words the engine does not know', () => {
  const bridge = fixtureBridge();
  // "saucepan" is in the bridge (saucepan ≈ stews, cuisine) but no paper of the engine says it: no keyword.
  const page = PageSchema.parse({
    title: 'A saucepan for cooking',
    text: 'My saucepan, my saucepan, and slow cooking.',
  });
  const saucepan = toTerm('saucepan')!;
  const own = pageKeywords(page, engine);
  const unknown = unknownKeywords(page, engine, (t) => bridge.position.has(t));
  const on = { ...BRIDGE_CONFIG, unknownSources: true };

  it('lists the page’s words the engine lacks and the bridge knows, weighted as a word of document frequency 1', () => {
    expect(engine.df.has(saucepan)).toBe(false);
    expect(own.map((k) => k.term)).not.toContain(saucepan);
    expect(unknown[0]!.term).toBe(saucepan);
    for (const u of unknown) expect(!engine.df.has(u.term) && bridge.position.has(u.term), u.term).toBe(true);
    const k = unknown[0];
    expect(k!.kind).toBe('word');
    expect(k!.label).toBe('saucepan');
    const cooking = own.find((o) => o.term === toTerm('cooking'))!;
    // Same field weights and tf damping as pageKeywords; the idf of document frequency 1
    expect(k!.weight / Math.sqrt(k!.tf)).toBeCloseTo(Math.log(1 + engine.n), 6);
    // (at least any word the engine has: "cook" is in one fixture paper)
    expect(k!.weight / Math.sqrt(k!.tf)).toBeGreaterThanOrEqual(cooking.weight / Math.sqrt(cooking.tf) - 1e-9);
    // Words neither the engine nor the bridge knows are left out.
    expect(unknownKeywords(page, engine, () => false)).toEqual([]);
  });

  it('bridges such a word to its neighbours the engine has', () => {
    const bridged = expandKeywords(own, page, bridge, engine, on, unknown).filter((k) => k.bridgedFrom === saucepan);
    expect(bridged.map((k) => k.term).sort()).toEqual([toTerm('cuisine'), toTerm('stews')].sort());
    for (const k of bridged) {
      expect(engine.df.has(k.term)).toBe(true);
      expect(k.kind).toBe('bridge');
      expect(k.tf).toBe(0);
      expect(k.concept).toBe(saucepan);
      expect(k.label).toMatch(/^saucepan ≈ /);
      // factor × similarity × the page's tf of the source × the bridged term's idf in the engine.
      const n = neighboursOf(bridge, saucepan).find((x) => x.term === k.term)!;
      const df = engine.df.get(k.term)!;
      expect(k.weight).toBeCloseTo(BRIDGE_CONFIG.factor * n.similarity * unknown[0]!.tf * Math.log(1 + engine.n / df));
    }
  });

  it('does not bridge it without the unknown keywords, or with unknownSources off (the default)', () => {
    const from = (ks: Keyword[]) => ks.filter((k) => k.bridgedFrom === saucepan);
    expect(from(expandKeywords(own, page, bridge, engine, on, []))).toEqual([]);
    expect(BRIDGE_CONFIG.unknownSources).toBe(false);
    expect(from(expandKeywords(own, page, bridge, engine, BRIDGE_CONFIG, unknown))).toEqual([]);
  });

  it('is what rank() does with the bridge and unknownSources on', () => {
    const config = rankingConfig({ bridge: { enabled: true, unknownSources: true } });
    expect(shortlist(page, engine, config, bridge).keywords.filter((k) => k.bridgedFrom === saucepan)).toHaveLength(2);
    const off = shortlist(page, engine, rankingConfig({ bridge: { enabled: true } }), bridge);
    expect(off.keywords.some((k) => k.bridgedFrom === saucepan)).toBe(false);
  });
});

describe('matchedConcepts', () => {
  const kw = (term: string, concept: string, kind: Keyword['kind']): Keyword => ({
    term,
    concept,
    kind,
    weight: 1,
    tf: kind === 'bridge' ? 0 : 1,
    mass: kind === 'bridge' ? 0 : 1,
    label: term,
  });

  it('counts a concept matched by the page’s own term once, however many bridged terms it also matched', () => {
    expect(
      matchedConcepts([kw('cook', 'cook', 'word'), kw('cuisin', 'cook', 'bridge'), kw('soup', 'soup', 'word')]),
    ).toBe(2);
  });

  it('counts a concept matched only through bridged terms as conceptCredit', () => {
    const matched = [kw('home', 'home', 'word'), kw('cuisin', 'cook', 'bridge'), kw('chef', 'cook', 'bridge')];
    expect(matchedConcepts(matched, { ...BRIDGE_CONFIG, conceptCredit: 0.5 })).toBe(1.5);
    expect(matchedConcepts(matched, { ...BRIDGE_CONFIG, conceptCredit: 0 })).toBe(1);
  });
});

describe('searchApart', () => {
  const bridged: Keyword = {
    term: 'cuisin',
    concept: 'cook',
    kind: 'bridge',
    weight: 1,
    tf: 0,
    mass: 0,
    label: 'x ≈ y',
  };
  const own: Keyword = { term: 'cook', concept: 'cook', kind: 'word', weight: 3, tf: 2, mass: 6, label: 'cooking' };

  it('queries the page’s own terms and the bridged ones separately', () => {
    const queries: string[][] = [];
    searchApart([own, bridged], (weights) => (queries.push([...weights.keys()]), []));
    expect(queries).toEqual([['cook'], ['cuisin']]);
  });

  it('adds up a paper’s scores of both searches in MiniSearch’s form (sum of term scores × matched terms)', () => {
    const hits = searchApart([own, bridged], (weights) =>
      weights.has('cook')
        ? [{ id: 'a', score: 2 * 2, queryTerms: ['cook', 'cook x'] }]
        : [
            { id: 'a', score: 1, queryTerms: ['cuisin'] },
            { id: 'b', score: 5, queryTerms: ['cuisin'] },
          ],
    );
    const a = hits.find((h) => h.id === 'a')!;
    expect(a.queryTerms).toEqual(['cook', 'cook x', 'cuisin']);
    expect(a.score / a.queryTerms.length).toBe(2 + 1);
    expect(hits.find((h) => h.id === 'b')?.score).toBe(5);
  });
});

describe('related with the bridge', () => {
  it('finds a paper that shares no word with the page but its topic, which it cannot find without the bridge', () => {
    const without = rank(cookingPage, engine, rankingConfig({ limit: 10 }));
    expect(without.map((r) => r.title)).not.toContain(CUISINE);
    const withBridge = rank(
      cookingPage,
      engine,
      rankingConfig({ limit: 10, bridge: { enabled: true } }),
      fixtureBridge(),
    );
    const found = withBridge.find((r) => r.title === CUISINE);
    expect(found).toBeDefined();
    expect(found!.explanation.every((e) => e.kind === 'bridge')).toBe(true);
    expect(found!.matchedTerms).toContain(`${pageKeywords(cookingPage, engine)[0]!.label} ≈ cuisine`);
  });

  it('does not make a paper strong on bridged terms alone', () => {
    const withBridge = rank(
      cookingPage,
      engine,
      rankingConfig({ limit: 10, bridge: { enabled: true } }),
      fixtureBridge(),
    );
    expect(withBridge.find((r) => r.title === CUISINE)?.strong).toBe(false);
  });
});

describe('nearestNeighbours (the training script)', () => {
  it('lists each vector’s most similar others, best first, never itself, none below the floor', () => {
    const unit = (x: number, y: number) => Float32Array.from([x, y].map((v) => v / Math.hypot(x, y)));
    const vectors = [unit(1, 0), unit(1, 0.1), unit(1, 0.5), unit(0, 1)];
    const { index, similarity } = nearestNeighbours(vectors, 2, 0.4);
    expect(Array.from(index.subarray(0, 2))).toEqual([1, 2]);
    expect(similarity[0]).toBeGreaterThan(similarity[1]!);
    // The last vector is far from all others but the third.
    expect(Array.from(index.subarray(6, 8))).toEqual([2, -1]);
  });
});

describe('associationNeighbours (the training script, --method association)', () => {
  // Terms 0 "mixtral", 1 "expert", 2 "model" (in every paper), 3 "gemma", 4 "kitchen"; 10 papers.
  const docs = [[0, 1, 2], [0, 1, 2], [0, 1, 2, 3], [0, 2, 3], [1, 2], [2, 3], [2, 3], [2, 4], [2, 4], [2]].map((d) =>
    Int32Array.from(d),
  );
  const df = [4, 4, 10, 4, 2];
  const all = { source: () => true, candidate: () => true, minTogether: 1 };

  it('ranks the terms papers use with a term by P(u|t)·log(P(u|t)/P(u)) / log(1/P(t)), best first', () => {
    const { index, similarity } = associationNeighbours(docs, df, 3, all);
    // mixtral: with expert in 3 of its 4 papers, gemma in 2; model is in every paper (no lift), kitchen never.
    expect(Array.from(index.subarray(0, 3))).toEqual([1, 3, -1]);
    const score = (pu: number, p: number) => (pu * Math.log(pu / p)) / Math.log(10 / 4);
    expect(similarity[0]).toBeCloseTo(score(3 / 4, 4 / 10), 6);
    expect(similarity[1]).toBeCloseTo(score(2 / 4, 4 / 10), 6);
    // A term that comes with t every time and is as rare as t scores 1.
    const twins = [[0, 1], [0, 1], [2], [2]].map((d) => Int32Array.from(d));
    expect(associationNeighbours(twins, [2, 2, 2], 1, all).similarity[0]).toBeCloseTo(1, 6);
  });

  it('gives no neighbours to terms that are not sources, takes only candidates and needs minTogether papers', () => {
    const r = associationNeighbours(docs, df, 3, { ...all, source: (i) => i !== 0, candidate: (u) => u !== 1 });
    expect(Array.from(r.index.subarray(0, 3))).toEqual([-1, -1, -1]);
    expect(Array.from(r.index.subarray(3 * 3, 3 * 3 + 3))).toEqual([0, -1, -1]); // gemma: mixtral, not expert
    const strict = associationNeighbours(docs, df, 3, { ...all, minTogether: 3 });
    expect(Array.from(strict.index.subarray(0, 3))).toEqual([1, -1, -1]);
    const excluded = associationNeighbours(docs, df, 3, { ...all, exclude: (t, u) => t === 0 && u === 1 });
    expect(excluded.index[0]).toBe(3);
  });
});

describe('the shipped bridge asset', () => {
  /** What "small" means for the asset the extension ships. */
  const MAX_BYTES = 4 * 1024 * 1024;

  it('stays under 4 MB', () => {
    expect(statSync(BRIDGE_ASSET_PATH).size).toBeLessThanOrEqual(MAX_BYTES);
  });

  it('reads, and lists each term’s neighbours best first, never itself', () => {
    const bridge = readBridge(BRIDGE_ASSET_PATH, (w) => {
      throw new Error(w);
    })!;
    expect(bridge.terms.length).toBeGreaterThan(1000);
    for (let i = 0; i < bridge.terms.length; i += 97) {
      const list = neighboursOf(bridge, bridge.terms[i]!);
      expect(list.map((n) => n.term)).not.toContain(bridge.terms[i]);
      for (let j = 1; j < list.length; j++) expect(list[j]!.similarity).toBeLessThanOrEqual(list[j - 1]!.similarity);
      for (const n of list) expect(n.similarity).toBeGreaterThanOrEqual(bridge.meta.floor - 1 / 127);
    }
  });
});
