/** A whole-panel message for every state that shows no patient data, saying why in plain words. */
import type { ComponentChildren } from 'preact';

export type PanelState = 'loading' | 'no-patient' | 'ambiguous' | 'not-found' | 'offline' | 'error' | 'mismatch' | 'sign-in' | 'not-configured';

export function PanelMessage(props: { state: PanelState; title: string; detail?: string; children?: ComponentChildren }) {
  return (
    <section class={`panel-message panel-message--${props.state}`} data-state={props.state} role="status" aria-live="polite">
      <h1>{props.title}</h1>
      {props.detail && <p>{props.detail}</p>}
      {props.children}
    </section>
  );
}
