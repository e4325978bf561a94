/**
 * How relevant a paper is, relative to the best one in the list (0–1): a visible "82%" beside a small bar,
 * exposed as one meter named "Relevance".
 */
export function RelevanceMeter({ value, strong }: { value: number; strong: boolean }) {
  const percent = Math.round(Math.max(0, Math.min(1, value)) * 100);
  return (
    <span class="relevance" title={`Relevance ${percent}% of the best match`}>
      <span class="relevance-text" aria-hidden="true">
        {percent}%
      </span>
      <span
        class={strong ? 'meter meter-strong' : 'meter'}
        role="meter"
        aria-label="Relevance"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}% of the best match`}
      >
        <span class="meter-fill" style={{ width: `${Math.max(percent, 4)}%` }} />
      </span>
    </span>
  );
}
