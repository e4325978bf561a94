export type ViewTab = 'related' | 'reading-list';

const TABS: ReadonlyArray<{ id: ViewTab; label: string }> = [
  { id: 'related', label: 'Related' },
  { id: 'reading-list', label: 'Reading list' },
];

/** The popup's tabs; Arrow Left/Right switch between them, as in the ARIA tabs pattern. */
export function ViewTabs({ current, onSelect }: { current: ViewTab; onSelect: (tab: ViewTab) => void }) {
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    e.preventDefault();
    const at = TABS.findIndex((t) => t.id === current);
    const next = TABS[(at + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length]!;
    onSelect(next.id);
    document.getElementById(`tab-${next.id}`)?.focus();
  };
  return (
    <div class="tabs" role="tablist" aria-label="Views" onKeyDown={onKeyDown}>
      {TABS.map((t) => (
        <button
          key={t.id}
          type="button"
          role="tab"
          id={`tab-${t.id}`}
          aria-selected={current === t.id}
          aria-controls={`panel-${t.id}`}
          tabIndex={current === t.id ? 0 : -1}
          onClick={() => onSelect(t.id)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}
