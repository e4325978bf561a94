import { highlight } from '~/lib/highlight';

/** Text with the matched terms wrapped in `<mark>`; rendered as text nodes, never as HTML. */
export function Highlighted({ text, terms }: { text: string; terms: readonly string[] }) {
  return <>{highlight(text, terms).map((s, i) => (s.mark ? <mark key={i}>{s.text}</mark> : s.text))}</>;
}
