import { render } from 'preact';
import './popup.css';
import { readLastView } from '../ui/lastInboxView';
import { Popup } from './Popup';

render(<Popup initial={readLastView()} />, document.getElementById('app')!);
