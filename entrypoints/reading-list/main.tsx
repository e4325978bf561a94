import { render } from 'preact';
import { ReadingListPanel } from '~/components/ReadingListPanel';

render(<ReadingListPanel fullPage />, document.getElementById('app')!);
