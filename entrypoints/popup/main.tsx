import { render } from 'preact';
import { Popup } from '~/components/Popup';
import { backgroundClient, targetTabId } from '~/lib/client';
import '~/components/popup.css';

const app = document.getElementById('app')!;
void targetTabId(location.search).then((tabId) => render(<Popup client={backgroundClient()} tabId={tabId} />, app));
