/**
 * The letter page: the script of public/letter.html, one of the patient's letters opened from the panel
 * (components/LetterPage.tsx). A script of its own, sharing no code with the panel (its size budget),
 * with the panel's styles.
 */
import { h, render } from 'preact';
import { LetterPage } from '@/components/LetterPage';
import panelStyles from './sidepanel/style.css?inline';

const LETTER_STYLES = `
.letter-page { max-width: 48em; margin: 0 auto; padding: 8px 16px 24px; }
.letter__title { font-size: 24px; margin: 16px 8px 0; }
.letter__meta { margin: 4px 8px; color: var(--grey); }
.letter__section p { margin: 4px 0; white-space: pre-wrap; }
.letter__chosen { background: var(--pale-yellow); }
`;

export default defineUnlistedScript(() => {
  const style = document.createElement('style');
  style.textContent = panelStyles + LETTER_STYLES;
  document.head.append(style);
  render(h(LetterPage, {}), document.getElementById('app')!);
});
