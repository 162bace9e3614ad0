import { render } from 'preact';
import '../ui/theme.css';
import './adminPanel.css';
import { AdminPanel, panelRequestOf } from './AdminPanel';

render(<AdminPanel request={panelRequestOf(new URLSearchParams(location.search))} />, document.getElementById('app')!);
