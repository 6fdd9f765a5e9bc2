import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles/app.css';
import './i18n/index.ts';
import { App } from './app.tsx';
import { connect } from './api/connect.ts';
import { NoBackend } from './screens/no-backend.tsx';

const root = document.getElementById('root');
if (root) {
  const api = connect();
  createRoot(root).render(<StrictMode>{api ? <App api={api} /> : <NoBackend />}</StrictMode>);
}
