export interface Choice<T extends string> {
  value: T;
  label: string;
  hint?: string;
}

/** A group of radio buttons for one setting; each choice applies at once. */
export function OptionsChoice<T extends string>({
  legend,
  name,
  options,
  value,
  onChange,
}: {
  legend: string;
  name: string;
  options: readonly Choice<T>[];
  value: T;
  onChange: (value: T) => void;
}) {
  return (
    <fieldset class="choice">
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.value} class="choice-option">
          <input
            type="radio"
            name={name}
            value={o.value}
            checked={o.value === value}
            onChange={() => onChange(o.value)}
          />
          <span>
            {o.label}
            {o.hint && <span class="hint"> — {o.hint}</span>}
          </span>
        </label>
      ))}
    </fieldset>
  );
}
