import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { cluster } from '../state/cluster';
import { startAddressBar } from '../state/addressBar';
import { useUi } from '../state/ui';
import { App } from './App';
import { startLang } from './i18n';
import './styles.css';

document.documentElement.dataset.theme = useUi.getState().theme;
// The first paint is in the reader's language (Chinese is a small separate download).
void startLang().then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
// Start the cluster right away, in parallel with the first render.
startAddressBar(cluster);
cluster.onLoad(() => useUi.setState({ selection: null, applyResult: null }));
