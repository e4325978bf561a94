import { describe, expect, it } from 'vitest';
import { preferSaved, readingListAffinity, related } from '../../lib/related';
import { buildEngine } from '../../lib/index/engine';
import { fixtureEngine, fixturePage, PAPERS } from '../fixtures/ranking/corpus';

const engine = fixtureEngine();

describe('related', () => {
  it('ranks papers that only use the acronym for a page that only spells it out', () => {
    const page = fixturePage({ title: 'Training a mixture of experts', text: 'Our mixture of experts scales.' });
    const titles = related(page, engine, { limit: 2 }).map((r) => r.title);
    expect(titles).toContain('Balancing Experts in MoE Inference');
  });

  it('explains an acronym match with its long form', () => {
    const page = fixturePage({ title: 'FastMoE', text: 'MoE training with expert routing for MoE models.' });
    const top = related(page, engine)[0]!;
    expect(top.matchedTerms).toContain('MoE (mixture of experts)');
    expect(top.explanation.find((e) => e.label === 'MoE (mixture of experts)')?.kind).toBe('acronym');
  });

  it('lists a phrase once instead of the phrase and its words', () => {
    const page = fixturePage({ title: 'Expert routing', text: 'expert routing, expert routing.' });
    const top = related(page, engine)[0]!;
    expect(top.matchedTerms).toContain('expert routing');
    expect(top.matchedTerms).not.toContain('expert');
  });

  it('keeps the result shape: id, title, score, strong, matchedTerms', () => {
    const [r] = related(fixturePage({ title: 'tomato sensors' }), engine);
    expect(Object.keys(r!)).toEqual(expect.arrayContaining(['id', 'title', 'score', 'strong', 'matchedTerms']));
  });

  it('returns nothing for a page with no word the corpus knows', () => {
    expect(related(fixturePage({ title: 'zyxwv', text: 'qwerty' }), engine)).toEqual([]);
  });
});

describe('related strong threshold', () => {
  it('marks a paper strong when it shares several prominent concepts with the page', () => {
    const page = fixturePage({
      title: 'Tomato gardening with soil moisture sensors',
      text: 'Water tomato plants when soil moisture sensors say so. Gardeners love soil moisture sensors.',
    });
    const [top] = related(page, engine);
    expect(top?.title).toBe('Tomato Gardening with Sensors');
    expect(top?.strong).toBe(true);
  });

  it('marks nothing strong when a page shares only a loose word or two with the corpus', () => {
    const page = fixturePage({ title: 'My holiday', text: 'We saw rain and took a photograph of a tomato.' });
    expect(related(page, engine, { limit: 12 }).some((r) => r.strong)).toBe(false);
  });

  it('marks nothing strong when the shared words are each used only once on the page', () => {
    const page = fixturePage({ text: 'Notes: greedy heuristics, sparse graphs, and colors.' });
    expect(related(page, engine, { limit: 12 }).some((r) => r.strong)).toBe(false);
  });

  it('marks only papers near the best one strong', () => {
    const page = fixturePage({
      title: 'LoRA: low-rank adaptation',
      text: 'Low-rank adaptation (LoRA) trains low-rank matrices. LoRA fine-tunes large models.',
    });
    const results = related(page, engine, { limit: 12 });
    const strong = results.filter((r) => r.strong).map((r) => r.title);
    expect(strong).toContain('Low-Rank Adaptation for Tiny Budgets');
    expect(strong).not.toContain('Tomato Gardening with Sensors');
  });
});

describe('related feedback (a second pass, more like the best matches)', () => {
  const gcCorpus = buildEngine(
    [
      ...PAPERS,
      {
        id: 'gc-pauses',
        title: 'Garbage Collection Pauses in Managed Runtimes',
        abstract:
          'We shorten garbage collection pauses in managed runtimes with concurrent marking and heap compaction.',
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
    ],
    'fixture-gc',
  );
  const page = fixturePage({
    title: 'Why are my garbage collection pauses so long?',
    text: 'Garbage collection pauses hurt tail latency. Garbage collection pauses grow with the heap.',
  });

  it('finds a paper on the same topic that shares no word but "heap" with the page', () => {
    const ids = related(page, gcCorpus).map((r) => r.id);
    expect(ids.slice(0, 3)).toEqual(expect.arrayContaining(['gc-pauses', 'concurrent-marking', 'region-reclamation']));
  });

  it('leaves that paper lower without feedback', () => {
    const ids = related(page, gcCorpus, { feedback: false }).map((r) => r.id);
    expect(ids.indexOf('region-reclamation')).toBeGreaterThan(ids.indexOf('concurrent-marking'));
    expect(ids.indexOf('region-reclamation')).toBeGreaterThan(1);
  });
});

describe('related strong threshold against a page name', () => {
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
    const results = related(page, named);
    expect(results[0]?.id).toBe('compress-models');
    expect(results.filter((r) => r.strong)).toEqual([]);
  });
});

describe('preferSaved: the reading list as a gentle signal', () => {
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

  it('orders a paper like the saved ones above an equally good match, and says it moved', () => {
    const ranked = related(fixturePage({ text: 'Experts: inference, routing.' }), engine);
    expect(titles(ranked).slice(0, 2)).toEqual([
      'Balancing Experts in MoE Inference',
      'Sparse Mixture of Experts Routing at Scale',
    ]);
    const personal = preferSaved(ranked, likeness);
    expect(titles(personal).slice(0, 2)).toEqual([
      'Sparse Mixture of Experts Routing at Scale',
      'Balancing Experts in MoE Inference',
    ]);
    expect(personal[0]!.likeSaved).toBe(true);
    expect(personal.slice(1).some((r) => r.likeSaved)).toBe(false);
    // Scores stay the page's own.
    expect(personal[0]!.score).toBe(ranked[1]!.score);
  });

  it('only nudges: a clearly better match stays first', () => {
    const page = fixturePage({
      title: 'Tomato gardening',
      text: 'Soil moisture sensors for tomato plants. Experts agree.',
    });
    expect(preferSaved(related(page, engine), likeness)[0]!.title).toBe('Tomato Gardening with Sensors');
  });

  it('keeps the strong papers, and keeps them first', () => {
    const ranked = related(
      fixturePage({ title: 'Tomato gardening', text: 'Tomato sensors. Experts, routing.' }),
      engine,
      {
        limit: 12,
      },
    );
    const strong = ranked.filter((r) => r.strong).map((r) => r.id);
    expect(strong.length).toBeGreaterThan(0);
    const personal = preferSaved(ranked, likeness);
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
    const ranked = related(fixturePage({ text: 'Experts: inference, routing.' }), engine);
    expect(preferSaved(ranked, readingListAffinity(engine, []))).toEqual(ranked);
  });
});
