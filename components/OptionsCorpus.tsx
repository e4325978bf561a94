import { useEffect, useState } from 'preact/hooks';
import type { CorpusInfo } from '~/lib/corpus-info';
import type { OptionsStore } from './Options';

/** The corpus in use: name, date and number of papers, as stored in the database. */
export function OptionsCorpus({ store }: { store: Pick<OptionsStore, 'corpusInfo'> }) {
  const [info, setInfo] = useState<CorpusInfo | null>();
  useEffect(() => {
    void store.corpusInfo().then(
      (i) => setInfo(i ?? null),
      () => setInfo(null),
    );
  }, [store]);
  return (
    <section class="corpus" aria-labelledby="corpus-heading">
      <h2 id="corpus-heading">Corpus</h2>
      {info === null && <p>The corpus is still being indexed.</p>}
      {info && (
        <dl>
          <dt>Name</dt>
          <dd>{info.name}</dd>
          {info.date && (
            <>
              <dt>Date</dt>
              <dd>{info.date}</dd>
            </>
          )}
          <dt>Papers</dt>
          <dd>{info.papers.toLocaleString('en')}</dd>
        </dl>
      )}
    </section>
  );
}
