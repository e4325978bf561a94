import { useEffect, useState } from 'preact/hooks';
import type { CorpusInfo } from '~/lib/corpus-info';
import type { OptionsStore } from './Options';

/** The corpus in use: name, date and number of papers (bundled plus imported), as stored in the database; read again when `revision` changes. */
export function OptionsCorpus({ store, revision = 0 }: { store: Pick<OptionsStore, 'corpusInfo'>; revision?: number }) {
  const [info, setInfo] = useState<CorpusInfo | null>();
  useEffect(() => {
    void store.corpusInfo().then(
      (i) => setInfo(i ?? null),
      () => setInfo(null),
    );
  }, [store, revision]);
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
          <dd>
            {info.papers.toLocaleString('en')}
            {info.imported
              ? ` (${(info.papers - info.imported).toLocaleString('en')} bundled, ${info.imported.toLocaleString('en')} imported)`
              : ''}
          </dd>
        </dl>
      )}
    </section>
  );
}
