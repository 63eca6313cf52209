import { render } from 'preact';
import { SidePanel } from '@/components/SidePanel';
import './style.css';

render(<SidePanel />, document.getElementById('app')!);
