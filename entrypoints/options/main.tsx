import { render } from 'preact';
import { OptionsPage } from '@/components/OptionsPage';
import '@/entrypoints/sidepanel/style.css';
import './style.css';

render(<OptionsPage />, document.getElementById('app')!);
