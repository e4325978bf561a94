import type { Ref } from 'preact';

export interface SearchBoxProps {
  value: string;
  onInput: (value: string) => void;
  /** Arrow Down: move into the results. */
  onArrowDown: () => void;
  /** Enter: expand the first result. */
  onEnter: () => void;
  /** Escape: clear the search. */
  onEscape: () => void;
  papers: number;
  inputRef?: Ref<HTMLInputElement>;
}

/** The search box over the whole corpus. */
export function SearchBox({ value, onInput, onArrowDown, onEnter, onEscape, papers, inputRef }: SearchBoxProps) {
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') onArrowDown();
    else if (e.key === 'Enter') onEnter();
    else if (e.key === 'Escape' && value) onEscape();
    else return;
    e.preventDefault();
  };
  return (
    <div class="search">
      <input
        ref={inputRef}
        type="search"
        aria-label="Search all papers"
        placeholder={papers > 0 ? `Search all ${papers} papers` : 'Search all papers'}
        autocomplete="off"
        spellcheck={false}
        value={value}
        onInput={(e) => onInput((e.currentTarget as HTMLInputElement).value)}
        onKeyDown={onKeyDown}
      />
    </div>
  );
}
