import { describe, expect, it } from 'vitest';
import { DEFAULT_RANKING_CONFIG, rankingConfig } from '../../lib/ranking/config';
import { candidateIds, rank, rankShortlist, shortlist } from '../../lib/ranking/rank';
import { present } from '../../lib/ranking/present';
import { readingListAffinity } from '../../lib/ranking/reading-list';
import { buildEngine } from '../../lib/index/engine';
import { fixtureEngine, fixturePage, PAPERS } from '../fixtures/ranking/corpus';

const engine = fixtureEngine();

describe('rank', () => {
  it('ranks papers that only use the acronym for a page that only spells it out', () => {
    const page = fixturePage({ title: 'Training a mixture of experts', text: 'Our mixture of experts scales.' });
    const titles = rank(page, engine, rankingConfig({ limit: 2 })).map((r) => r.title);
    expect(titles).toContain('Balancing Experts in MoE Inference');
  });

  it('explains an acronym match with its long form', () => {
    const page = fixturePage({ title: 'FastMoE', text: 'MoE training with expert routing for MoE models.' });
    const top = rank(page, engine)[0]!;
    expect(top.matchedTerms).toContain('MoE (mixture of experts)');
    expect(top.explanation.find((e) => e.label === 'MoE (mixture of experts)')?.kind).toBe('acronym');
  });

  it('lists a phrase once instead of the phrase and its words', () => {
    const page = fixturePage({ title: 'Expert routing', text: 'expert routing, expert routing.' });
    const top = rank(page, engine)[0]!;
    expect(top.matchedTerms).toContain('expert routing');
    expect(top.matchedTerms).not.toContain('expert');
  });

  it('keeps the result shape: id, title, score, strong, matchedTerms', () => {
    const [r] = rank(fixturePage({ title: 'tomato sensors' }), engine);
    expect(Object.keys(r!)).toEqual(expect.arrayContaining(['id', 'title', 'score', 'strong', 'matchedTerms']));
  });

  it('returns nothing for a page with no word the corpus knows', () => {
    expect(rank(fixturePage({ title: 'zyxwv', text: 'qwerty' }), engine)).toEqual([]);
  });
});

describe('rank strong threshold', () => {
  it('marks a paper strong when it shares several prominent concepts with the page', () => {
    const page = fixturePage({
      title: 'Tomato gardening with soil moisture sensors',
      text: 'Water tomato plants when soil moisture sensors say so. Gardeners love soil moisture sensors.',
    });
    const [top] = rank(page, engine);
    expect(top?.title).toBe('Tomato Gardening with Sensors');
    expect(top?.strong).toBe(true);
  });

  it('marks nothing strong when a page shares only a loose word or two with the corpus', () => {
    const page = fixturePage({ title: 'My holiday', text: 'We saw rain and took a photograph of a tomato.' });
    expect(rank(page, engine, rankingConfig({ limit: 12 })).some((r) => r.strong)).toBe(false);
  });

  it('marks nothing strong when the shared words are each used only once on the page', () => {
    const page = fixturePage({ text: 'Notes: greedy heuristics, sparse graphs, and colors.' });
    expect(rank(page, engine, rankingConfig({ limit: 12 })).some((r) => r.strong)).toBe(false);
  });

  it('marks only papers near the best one strong', () => {
    const page = fixturePage({
      title: 'LoRA: low-rank adaptation',
      text: 'Low-rank adaptation (LoRA) trains low-rank matrices. LoRA fine-tunes large models.',
    });
    const results = rank(page, engine, rankingConfig({ limit: 12 }));
    const strong = results.filter((r) => r.strong).map((r) => r.title);
    expect(strong).toContain('Low-Rank Adaptation for Tiny Budgets');
    expect(strong).not.toContain('Tomato Gardening with Sensors');
  });
});

describe('rank feedback (a second pass, more like the best matches)', () => {
  const gcPapers = [
    ...PAPERS,
    {
      id: 'gc-pauses',
      title: 'Garbage Collection Pauses in Managed Runtimes',
      abstract: 'We shorten garbage collection pauses in managed runtimes with concurrent marking and heap compaction.',
      source: 'fixture',
    },
    {
      id: 'concurrent-marking',
      title: 'Concurrent Marking for Heap Compaction',
      abstract: 'Concurrent marking and heap compaction in managed runtimes, measured on large heaps.',
      source: 'fixture',
    },
    {
      id: 'region-reclamation',
      title: 'Region Based Memory Reclamation',
      abstract: 'Heap regions with concurrent marking reclaim memory in managed runtimes.',
      source: 'fixture',
    },
  ];
  const gcCorpus = buildEngine(gcPapers, 'fixture-gc');
  // The papers' whole texts, as the extension reads them from its database for the cosine.
  const gcTexts = new Map(gcPapers.map((p) => [p.id, p]));
  const page = fixturePage({
    title: 'Why are my garbage collection pauses so long?',
    text: 'Garbage collection pauses hurt tail latency. Garbage collection pauses grow with the heap.',
  });

  it('finds a paper on the same topic that shares no word but "heap" with the page', () => {
    const ids = rank(page, gcCorpus, DEFAULT_RANKING_CONFIG, null, gcTexts).map((r) => r.id);
    expect(ids.slice(0, 3)).toEqual(expect.arrayContaining(['gc-pauses', 'concurrent-marking', 'region-reclamation']));
  });

  it('leaves that paper lower without feedback', () => {
    const ids = rank(page, gcCorpus, rankingConfig({ feedback: { enabled: false } }), null, gcTexts).map((r) => r.id);
    expect(ids.indexOf('region-reclamation')).toBeGreaterThan(ids.indexOf('concurrent-marking'));
    expect(ids.indexOf('region-reclamation')).toBeGreaterThan(1);
  });
});

describe("rank with the candidates' whole texts (the cosine over title and abstract)", () => {
  const page = fixturePage({
    title: 'Garbage collection pauses',
    text: 'Garbage collection pauses: concurrent marking, heap compaction, write barriers and card tables.',
  });
  // What the index holds of "region-reclamation" says nothing of write barriers; its stored abstract does.
  const texts = (abstract: string) =>
    new Map([['region-reclamation', { title: 'Region Based Memory Reclamation', abstract }]]);
  const gc = buildEngine(
    [
      ...PAPERS,
      {
        id: 'gc-pauses',
        title: 'Garbage Collection Pauses',
        abstract: 'Garbage collection pauses in managed runtimes, and how long they last.',
        source: 'fixture',
      },
      {
        id: 'region-reclamation',
        title: 'Region Based Memory Reclamation',
        abstract: 'Heap regions reclaim memory in managed runtimes.',
        source: 'fixture',
      },
    ],
    'fixture-whole-text',
  );
  /** The paper's score as a share of the best paper's. */
  const share = (ranked: Array<{ id: string; score: number }>) =>
    (ranked.find((r) => r.id === 'region-reclamation')?.score ?? 0) / ranked[0]!.score;
  const close =
    'Garbage collection pauses shrink with concurrent marking, heap compaction, write barriers and card tables.';

  it('scores a paper by its whole text: close to the page lifts it, far from the page sinks it', () => {
    const config = rankingConfig({ limit: 12, feedback: { enabled: false } });
    const without = share(rank(page, gc, config));
    expect(share(rank(page, gc, config, null, texts(close)))).toBeGreaterThan(2 * without);
    expect(share(rank(page, gc, config, null, texts('Tomato gardening with sensors.')))).toBeLessThan(without);
  });

  it('reads no text with the key-term cosine (the ablation switch)', () => {
    const config = rankingConfig({ limit: 12, scoring: { wholeText: false } });
    expect(rank(page, gc, config, null, texts(close))).toEqual(rank(page, gc, config));
  });

  it("ranks the same in two steps, reading only the shortlist's candidates", () => {
    const config = rankingConfig({ limit: 12 });
    const list = shortlist(page, gc, config);
    const ids = candidateIds(list, config);
    expect(ids).toContain('region-reclamation');
    expect(ids.length).toBeLessThanOrEqual(config.scoring.cosineCandidates);
    const read: string[] = [];
    const lookup = { get: (id: string) => (read.push(id), texts(close).get(id)) };
    expect(rankShortlist(list, gc, config, lookup)).toEqual(rank(page, gc, config, null, texts(close)));
    expect(new Set(read)).toEqual(new Set(ids));
  });
});

describe('rank strong threshold against a page name', () => {
  const named = buildEngine(
    [
      ...PAPERS,
      {
        id: 'compress-models',
        title: 'Pruning Chat Models Layer by Layer',
        abstract: 'We prune Llama, Zephyr and Phi chat models layer by layer and keep their accuracy.',
        source: 'fixture',
      },
    ],
    'fixture-named',
  );

  it('does not call a paper strong when it shares little but the name the page keeps repeating', () => {
    const page = fixturePage({
      title: 'Zephyr',
      headings: ['Zephyr', 'Running Zephyr'],
      text: `${'Zephyr runs anywhere. Start Zephyr, stop Zephyr, update Zephyr. '.repeat(3)}Zephyr has a chat mode, layer caching and small models.`,
    });
    const results = rank(page, named);
    expect(results[0]?.id).toBe('compress-models');
    expect(results.filter((r) => r.strong)).toEqual([]);
  });
});

describe('readingListAffinity with present: the reading list as a gentle signal', () => {
  // Saved from some page, not a corpus paper: a reading list entry is only a title and an abstract.
  const saved = [
    {
      id: 'doi:10.1000/routing',
      title: 'Token routing for sparse expert layers',
      abstract: 'We route tokens to experts and balance the load of expert routing.',
    },
  ];
  const likeness = readingListAffinity(engine, saved);
  const titles = (rs: Array<{ title: string }>) => rs.map((r) => r.title);

  it('lifts the paper most like the saved ones past a near-equal match, and says it moved', () => {
    const ranked = rank(fixturePage({ text: 'Experts: MoE inference, routing, routing.' }), engine);
    const sparse = 'Sparse Mixture of Experts Routing at Scale';
    expect(titles(ranked).slice(0, 2)).toEqual(['Balancing Experts in MoE Inference', sparse]);
    // The routing paper is like the saved one (1), the other only partly: the nudge closes most of the gap.
    expect(likeness.get(ranked[1]!.id)).toBe(1);
    expect(likeness.get(ranked[0]!.id)!).toBeLessThan(1);
    const personal = present(ranked, { sensitivity: 'balanced', likeness }).papers;
    const gap = ranked[0]!.score - ranked[1]!.score;
    const gain = (id: string) =>
      DEFAULT_RANKING_CONFIG.present.readingListWeight * ranked[0]!.score * likeness.get(id)!;
    const moves = gain(ranked[1]!.id) - gain(ranked[0]!.id) > gap;
    expect(titles(personal)[0] === sparse).toBe(moves);
    expect(personal.find((r) => r.title === sparse)!.likeSaved).toBe(moves ? true : undefined);
    // Scores stay the page's own.
    expect(personal.find((r) => r.title === sparse)!.score).toBe(ranked[1]!.score);
  });

  it('only nudges: a clearly better match stays first', () => {
    const page = fixturePage({
      title: 'Tomato gardening',
      text: 'Soil moisture sensors for tomato plants. Experts agree.',
    });
    expect(present(rank(page, engine), { sensitivity: 'balanced', likeness: likeness }).papers[0]!.title).toBe(
      'Tomato Gardening with Sensors',
    );
  });

  it('keeps the strong papers, and keeps them first', () => {
    const ranked = rank(
      fixturePage({ title: 'Tomato gardening', text: 'Tomato sensors. Experts, routing.' }),
      engine,
      rankingConfig({ limit: 12 }),
    );
    const strong = ranked.filter((r) => r.strong).map((r) => r.id);
    expect(strong.length).toBeGreaterThan(0);
    const personal = present(ranked, { sensitivity: 'balanced', likeness: likeness }).papers;
    expect(personal.slice(0, strong.length).map((r) => r.id)).toEqual(strong);
    expect(personal.filter((r) => r.strong).length).toBe(strong.length);
  });

  it('counts the saved papers themselves as most alike', () => {
    const sparse = PAPERS.find((p) => p.title.startsWith('Sparse Mixture'))!;
    const own = readingListAffinity(engine, [sparse]);
    expect(own.get(sparse.id)).toBe(1);
    expect(own.get(PAPERS.find((p) => p.title.startsWith('Balancing'))!.id)).toBe(1);
    expect(own.get(PAPERS.find((p) => p.title.startsWith('Tomato'))!.id) ?? 0).toBe(0);
  });

  it('changes nothing when the reading list is empty', () => {
    const ranked = rank(fixturePage({ text: 'Experts: MoE inference, routing.' }), engine);
    expect(present(ranked, { sensitivity: 'balanced', likeness: readingListAffinity(engine, []) }).papers).toEqual(
      ranked,
    );
  });
});
