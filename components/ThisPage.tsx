import type { ReadingListStore } from '~/lib/storage/reading-list-db';
import { articleIds, draftFromPage, save, unsave, type PageArticle } from '~/lib/reading-list';
import { SaveButton } from './PaperItem';

export interface ThisPageProps {
  db: ReadingListStore;
  /** The page's address and title, and the article its metadata describes. */
  url: string;
  title: string;
  article: PageArticle;
  /** Ids of the papers in the reading list (kept current by `useSavedIds`). */
  savedIds: ReadonlySet<string>;
  /** Reports a failed write. */
  onError: (error: unknown) => void;
}

/**
 * "This page: <title> [Save]" — saves the paper the page itself describes
 * (from `citation_*`, JSON-LD or an arXiv/DOI address), which may not be in the
 * corpus. Renders nothing when the page names no article.
 */
export function ThisPage({ db, url, title, article, savedIds, onError }: ThisPageProps) {
  const draft = draftFromPage({ url, title, article });
  if (!draft) return null;
  // Saved under its DOI, arXiv id or title (e.g. as the corpus paper of the same title): the same paper.
  const savedId = articleIds({ ...article, title: draft.title }).find((id) => savedIds.has(id));
  const onClick = () => void (savedId ? unsave(db, savedId) : save(db, draft)).catch(onError);
  return (
    <div class="this-page" role="group" aria-label="This page">
      <p class="this-page-text">
        <span class="this-page-label">This page:</span> <span class="this-page-title">{draft.title}</span>
      </p>
      <SaveButton title={draft.title} saved={savedId !== undefined} onClick={onClick} />
    </div>
  );
}
