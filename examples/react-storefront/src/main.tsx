import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';

// The live-shop server and show: `?server=…&show=…`, else the env `npm run example:react` sets.
const params = new URLSearchParams(location.search);
const server = params.get('server') ?? import.meta.env.VITE_LIVE_SHOP_SERVER ?? 'http://localhost:3000';
const show = params.get('show') ?? import.meta.env.VITE_LIVE_SHOP_SHOW ?? '';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App server={server} show={show} />
  </StrictMode>,
);
