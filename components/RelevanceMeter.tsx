/** A small bar for how relevant a paper is, relative to the best one in the list (0–1). */
export function RelevanceMeter({ value, strong }: { value: number; strong: boolean }) {
  const percent = Math.round(Math.max(0, Math.min(1, value)) * 100);
  return (
    <span
      class={strong ? 'meter meter-strong' : 'meter'}
      role="meter"
      aria-label="Relevance"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-valuetext={`${percent}%`}
      title={`Relevance ${percent}%`}
    >
      <span class="meter-fill" style={{ width: `${Math.max(percent, 4)}%` }} />
    </span>
  );
}
