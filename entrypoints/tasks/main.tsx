import { render } from 'preact';
import { MyTasksPage } from '@/components/MyTasksPage';

render(<MyTasksPage />, document.getElementById('app')!);
