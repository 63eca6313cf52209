/**
 * The notifications the clinician gets, each kind on or off: one choice, made on the options page or on
 * My tasks, kept by utils/notifications/notices.ts.
 */
import { useEffect, useState } from 'preact/hooks';
import { mutedKinds, setMutedKinds } from '@/utils/notifications/notices';
import { KIND_LABELS, NOTIFICATION_KINDS, type NotificationKind } from '@/utils/settings/notification-kinds';

/** The kinds turned off (undefined until read), and a toggle that saves at once. */
export function useMutedKinds(): [Set<NotificationKind> | undefined, (kind: NotificationKind, on: boolean) => Promise<void>] {
  const [muted, setMuted] = useState<Set<NotificationKind>>();
  useEffect(() => {
    void mutedKinds().then(setMuted);
  }, []);
  const toggle = (kind: NotificationKind, on: boolean) => {
    const next = new Set(muted);
    if (on) next.delete(kind);
    else next.add(kind);
    setMuted(next);
    return setMutedKinds([...next]);
  };
  return [muted, toggle];
}

/** A checkbox a kind, ticked when the clinician is told of it. */
export function NotificationKindList(props: { muted: Set<NotificationKind>; onToggle: (kind: NotificationKind, on: boolean) => void; section?: string }) {
  return (
    <ul data-section={props.section}>
      {NOTIFICATION_KINDS.map((k) => (
        <li key={k}>
          <label class="checkbox">
            <input type="checkbox" name={k} checked={!props.muted.has(k)} onChange={(e) => props.onToggle(k, (e.target as HTMLInputElement).checked)} /> {KIND_LABELS[k]}
          </label>
        </li>
      ))}
    </ul>
  );
}
