import { render } from 'preact';
import { SettingsForm } from '@/components/SettingsForm';

render(<SettingsForm />, document.getElementById('app')!);
