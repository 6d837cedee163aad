/** Entry point of the nodmeld web application. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// Aksel's styles without its web-font file: the service must not fetch fonts from a third-party
// CDN, so text falls back to the system sans-serif.
import '@navikt/ds-css/dist/global/tokens.css';
import '@navikt/ds-css/dist/global/reset.css';
import '@navikt/ds-css/dist/global/baseline.css';
import '@navikt/ds-css/dist/components.css';
import '@navikt/ds-css/dist/global/print.css';
import './app.css';
import { App } from './app.tsx';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
