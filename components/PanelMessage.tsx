/** A whole-panel message for every state that shows no patient data, saying why in plain words. */
import type { ComponentChildren } from 'preact';
import { useAnnouncement } from './LiveAnnouncer';

export type PanelState = 'loading' | 'no-patient' | 'ambiguous' | 'not-found' | 'offline' | 'error' | 'mismatch' | 'sign-in' | 'not-configured';

/**
 * The message is announced to screen readers once, when it first says something new; a loading message
 * is not announced at all (what follows it is), so opening a patient is one announcement, not three.
 */
export function PanelMessage(props: { state: PanelState; title: string; detail?: string; children?: ComponentChildren }) {
  const said = [props.title, props.detail].filter(Boolean).join(' ');
  useAnnouncement('view', props.state === 'loading' ? undefined : `${props.state}|${said}`, said);
  return (
    <section class={`panel-message panel-message--${props.state}`} data-state={props.state}>
      <h1>{props.title}</h1>
      {props.detail && <p>{props.detail}</p>}
      {props.children}
    </section>
  );
}
