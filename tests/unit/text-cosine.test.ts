import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCorpus } from '../../lib/corpus';
import { readPage } from '../../lib/cli/node-engine';
import { buildCompactEngine, DF_CAP } from '../../lib/index/compact-build';
import { DEFAULT_RANKING_CONFIG } from '../../lib/ranking/config';
import { rank } from '../../lib/ranking/rank';
import { buildEngine, loadEngine, serializeEngine } from '../../lib/index/engine';
import { pageTermCounts, paperTermCounts, paperTextNorm, tfidfVector } from '../../lib/index/tfidf';
import { cosine, pageVector, textCosine } from '../../lib/ranking/query';
import { countTermsIn, indexTerms, StemSet, TermCounter, toTerm, words } from '../../lib/text';

const corpus = parseCorpus(readFileSync('assets/papers.txt', 'utf8'));
const full = buildEngine(corpus.papers, corpus.version, 'full');
const pages = ['lora', 'h2o', 'neg-express', 'gptq', 'mypy', 'pyro'].map((slug) =>
  readPage(`tests/fixtures/eval/pages/${slug}.html`),
);

describe('countTermsIn', () => {
  it('counts exactly the index terms of a text that are wanted, phrases included', () => {
    const text = 'Mixture-of-Experts models route tokens; a mixture of experts (MoE) routes each token to experts.';
    const wanted = new Map([
      ['mixtur expert', 0],
      ['expert', 0],
      ['rout', 0],
      ['token', 0],
      ['nowher', 0],
    ]);
    const expected = new Map<string, number>();
    for (const t of indexTerms(text)) if (wanted.has(t)) expected.set(t, (expected.get(t) ?? 0) + 1);
    const words = new StemSet(indexTerms(text).filter((t) => !t.includes(' ')));
    expect(countTermsIn(text, words, wanted, new Map())).toEqual(expected);
    expect(expected.get('mixtur expert')).toBe(2);
  });

  it('reads any text as indexTerms does: case, digits, hyphens, " - " and other clause breaks, non-ASCII text', () => {
    const texts = [
      'Low-Rank Adaptation (LoRA) of GPT-3 models - a survey; KV cache eviction: H2O keeps heavy hitters.',
      'The toys, the keys and the studies\tof happily relational digitizers -- one - two -three.',
      'Naïve Bayes — un café: mixture of experts, Mixture-of-Experts… and 2024 results',
      'A paper with   multiple   spaces\nand lines\r\nand a very-long-hyphenated-compound-of-many-words here.',
    ];
    for (const text of texts) {
      const all = indexTerms(text);
      const words = new StemSet(all.filter((t) => !t.includes(' ')));
      const wanted = new Map(all.map((t) => [t, 0]));
      const expected = new Map<string, number>();
      for (const t of all) expected.set(t, (expected.get(t) ?? 0) + 2);
      expect(countTermsIn(text, words, wanted, new Map(), 2)).toEqual(expected);
    }
  });

  it('builds no phrase whose words the other side lacks', () => {
    const wanted = new Map([['mixtur expert', 0]]);
    expect(countTermsIn('mixture of experts', new StemSet(['mixtur']), wanted, new Map()).size).toBe(0);
  });
});

describe('TermCounter (countTermsIn over numbers, for one page and many texts)', () => {
  const counted = (counter: TermCounter, ...texts: Array<[string, number]>) => {
    for (const [text, weight] of texts) counter.add(text, weight);
    const out = new Map<string, number>();
    counter.drain((i, f) => out.set(counter.terms[i]!, f));
    return out;
  };

  it('counts what countTermsIn counts, on every pair of fixture pages and bundled papers, one text after another', () => {
    let compared = 0;
    for (const page of pages) {
      const counts = pageTermCounts(page);
      const list = [...counts.keys()].filter((t) => full.df.has(t));
      const pairable = [...counts.keys()].filter((t) => !t.includes(' '));
      const counter = new TermCounter(list, pairable);
      const wanted = new Map(list.map((t) => [t, 0]));
      const stems = new StemSet(pairable);
      for (const paper of corpus.papers) {
        const expected = countTermsIn(
          paper.abstract,
          stems,
          wanted,
          countTermsIn(paper.title, stems, wanted, new Map(), 2),
        );
        expect(counted(counter, [paper.title, 2], [paper.abstract, 1])).toEqual(expected);
        compared += expected.size;
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('reads case, digits, hyphens, " - ", non-ASCII text, and two counters in turn, as indexTerms does', () => {
    const texts = [
      'Low-Rank Adaptation (LoRA) of GPT-3 models - a survey; KV cache eviction: H2O keeps heavy hitters.',
      'The toys, the keys and the studies\tof happily relational digitizers -- one - two -three.',
      'Naïve Bayes — un café: mixture of experts, Mixture-of-Experts… and 2024 results',
      'MIXTURE OF EXPERTS and Mixture Of Experts route tokens; low rank adaptation of LOW-RANK models.',
    ];
    const counters = texts.map((text) => {
      const all = indexTerms(text);
      return {
        text,
        all,
        counter: new TermCounter(
          [...new Set(all)],
          all.filter((t) => !t.includes(' ')),
        ),
      };
    });
    for (let round = 0; round < 2; round++)
      for (const { text, all, counter } of counters) {
        const expected = new Map<string, number>();
        for (const t of all) expected.set(t, (expected.get(t) ?? 0) + 2);
        expect(counted(counter, [text, 2])).toEqual(expected);
      }
  });

  it('counts a phrase of the list whose words the list lacks, and none whose words the page lacks', () => {
    const counter = new TermCounter(['mixtur expert'], ['mixtur', 'expert']);
    expect(counted(counter, ['A mixture of experts; mixtures of EXPERTS.', 1])).toEqual(
      new Map([['mixtur expert', 2]]),
    );
    const lacking = new TermCounter(['mixtur expert'], ['mixtur']);
    expect(counted(lacking, ['mixture of experts', 1]).size).toBe(0);
  });
});

describe('StemSet', () => {
  it('lets through every word of the corpus and the pages that stems to one of its stems', () => {
    const all = new Set<string>();
    for (const p of corpus.papers) for (const w of words(`${p.title} ${p.abstract}`)) all.add(w);
    for (const page of pages) for (const w of words(page.text)) all.add(w);
    for (const w of ['toy', 'toys', 'ties', 'key', 'keys', 'happy', 'happily', 'relational', 'digitizer', 'possibly'])
      all.add(w);
    const stems = [...all].flatMap((w) => toTerm(w) ?? []);
    // Each word against a set of its own stem alone: the set must let it through.
    const missed = [...all].filter((w) => {
      const t = toTerm(w);
      return t !== null && !new StemSet([t]).mayStemTo(w);
    });
    expect(missed).toEqual([]);
    expect(stems.length).toBeGreaterThan(3000);
  });

  it('turns away words that cannot stem to its stems', () => {
    const set = new StemSet(['quantiz', 'gpu', 'ti']);
    expect(set.mayStemTo('quantization')).toBe(true);
    expect(set.mayStemTo('ties')).toBe(true);
    expect(set.mayStemTo('gpus')).toBe(true);
    expect(set.mayStemTo('garbage')).toBe(false);
    expect(set.mayStemTo('kernels')).toBe(false);
  });
});

describe('textCosine (the whole-text cosine of a page and a paper)', () => {
  it('equals the cosine of their two tf-idf vectors', () => {
    for (const page of pages) {
      const vector = pageVector(page, full);
      const plain = new Map(tfidfVector(pageTermCounts(page), full.df, full.n));
      for (const paper of corpus.papers) {
        const slow = cosine(plain, tfidfVector(paperTermCounts(paper), full.df, full.n));
        expect(textCosine(vector, paper, full, full.textNorms?.get(paper.id))).toBeCloseTo(slow, 9);
        expect(textCosine(vector, paper, full)).toBeCloseTo(slow, 9);
      }
    }
  });

  it('is 0 for a page with no word the corpus knows', () => {
    const page = { ...pages[0]!, title: 'zzqx', description: '', keywords: '', headings: [], text: 'qqzx' };
    expect(textCosine(pageVector(page, full), corpus.papers[0]!, full)).toBe(0);
  });
});

describe('the stored whole-text norms', () => {
  it('are each paper’s norm over every term it has, in both designs', () => {
    const compact = buildCompactEngine(corpus.papers, corpus.version);
    for (const paper of corpus.papers) {
      const norm = paperTextNorm(paper, full.df, full.n);
      expect(full.textNorms?.get(paper.id)).toBeCloseTo(norm, 9);
      // Float32 in the packed index.
      expect(Math.abs(compact.textNorms!.get(paper.id)! - norm) / norm).toBeLessThan(1e-6);
    }
  });

  it('survive storing and reloading, and a stored index without them is rejected', async () => {
    for (const engine of [full, buildCompactEngine(corpus.papers, corpus.version)]) {
      const stored = serializeEngine(engine);
      const loaded = await loadEngine(structuredClone(stored), corpus.version);
      for (const paper of corpus.papers) expect(loaded?.textNorms?.get(paper.id)).toBe(engine.textNorms?.get(paper.id));
    }
    const compactStored = serializeEngine(buildCompactEngine(corpus.papers, corpus.version));
    if (compactStored.design !== 'compact') throw new Error('expected the compact design');
    const cut = { ...compactStored, packed: { ...compactStored.packed, norms: compactStored.packed.norms.slice(4) } };
    expect(await loadEngine(cut, corpus.version)).toBeNull();
    const { textNorms: _gone, ...withoutNorms } = serializeEngine(full) as Record<string, unknown>;
    expect(await loadEngine(withoutNorms, corpus.version)).toBeNull();
  });
});

describe('the whole-text cosine over a compact index with terms too common to index', () => {
  // 1,200 papers (the bundled 75, sixteen times over): past DF_CAP.from, so the words in more than 5% are left out of the index.
  const many = Array.from({ length: 16 }, (_, copy) =>
    corpus.papers.map((p) => ({ ...p, id: `${p.id}#${copy}` })),
  ).flat();
  const compact = buildCompactEngine(many, 'copies');
  const df = new Map<string, number>();
  for (const paper of many) for (const t of paperTermCounts(paper).keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const common = [...df].filter(([, f]) => f > DF_CAP.share * many.length);

  it('knows the document frequency of every term the papers’ norms count, the ones left out of the index included', () => {
    expect(many.length).toBeGreaterThanOrEqual(DF_CAP.from);
    expect(common.length).toBeGreaterThan(20);
    for (const [t, f] of common) {
      expect(compact.df.has(t)).toBe(false);
      expect(compact.textDf?.get(t)).toBe(f);
    }
    for (const [t, f] of df) if (compact.df.has(t)) expect(compact.textDf?.get(t)).toBe(f);
  });

  it('equals the cosine of the two tf-idf vectors over the terms it knows, over the paper’s norm over all its terms', () => {
    const stats = { df: compact.textDf!, n: compact.n };
    let withCommon = 0;
    for (const page of pages) {
      const vector = pageVector(page, stats);
      const plain = new Map(tfidfVector(pageTermCounts(page), compact.textDf!, many.length));
      for (const paper of corpus.papers) {
        const doc = new Map(tfidfVector(paperTermCounts(paper), compact.textDf!, many.length));
        let dot = 0;
        let qq = 0;
        for (const [t, w] of plain) {
          qq += w * w;
          dot += w * (doc.get(t) ?? 0);
        }
        const norm = paperTextNorm(paper, df, many.length);
        expect(textCosine(vector, paper, stats, compact.textNorms!.get(`${paper.id}#0`))).toBeCloseTo(
          dot / Math.sqrt(qq) / norm,
          5,
        );
        if ([...plain.keys()].some((t) => doc.has(t) && !compact.df.has(t))) withCommon++;
      }
    }
    expect(withCommon).toBeGreaterThan(100);
  });

  it('is what the ranking reads, and survives storing and reloading', async () => {
    const texts = new Map(many.map((p) => [p.id, p]));
    const ranked = (engine: typeof compact) =>
      pages.map((page) => rank(page, engine, DEFAULT_RANKING_CONFIG, null, texts).map((r) => [r.id, r.score]));
    // The common terms made as rare as a term can be: a ranking that reads textDf changes.
    const rare = new Map([...df].map(([t, f]) => [t, common.some(([c]) => c === t) ? 1 : f]));
    expect(ranked({ ...compact, textDf: rare })).not.toEqual(ranked(compact));
    const loaded = await loadEngine(structuredClone(serializeEngine(compact)), 'copies');
    for (const [t, f] of common) expect(loaded?.textDf?.get(t)).toBe(f);
  });
});
