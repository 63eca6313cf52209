/**
 * Notices: the events the clinician was told about, kept in `storage.session` (never on disk) for
 * the My tasks page and the badge, and which kinds the clinician has muted.
 *
 * A notice carries no name or identifier in its words: the operating system shows (and may keep)
 * notification text outside the browser, so the words say what happened, and the panel says to whom.
 */
import { KIND_LABELS, NOTIFICATION_KINDS, type CareEvent, type NotificationKind } from '@/utils/push/care-events';
import { loadSettings } from '@/utils/settings/settings';
import { mutedNotifications, notices as noticesItem } from '@/utils/shared/state';

export interface Notice extends CareEvent {
  id: string;
  at: number;
  seen: boolean;
}

const MAX_NOTICES = 100;

export async function listNotices(): Promise<Notice[]> {
  return noticesItem.getValue();
}

/**
 * Keeps new events as unseen notices, newest first, dropping the oldest past the limit; returns the ones
 * added. One notice per event (its `key`): an event handed over again (by a worker stopped before it
 * wrote that it had told it) adds nothing.
 *
 * @param events - the events just notified
 * @param now - when, in ms since the epoch (also makes each notice's id)
 */
export async function addNotices(events: CareEvent[], now: number): Promise<Notice[]> {
  const before = await listNotices();
  const known = new Set(before.map((n) => n.key));
  const fresh = events.filter((e) => {
    if (known.has(e.key)) return false;
    known.add(e.key);
    return true;
  });
  const added = fresh.map((e, i): Notice => ({ ...e, id: `notice-${now}-${i}`, at: now, seen: false }));
  if (added.length) await noticesItem.setValue([...added, ...before].slice(0, MAX_NOTICES));
  return added;
}

/**
 * Marks notices seen, so the badge stops counting them.
 *
 * @param ids - the notices the clinician saw (absent: all of them)
 */
export async function markNoticesSeen(ids?: string[]): Promise<void> {
  const notices = await listNotices();
  await noticesItem.setValue(notices.map((n) => (!ids || ids.includes(n.id) ? { ...n, seen: true } : n)));
}

export async function clearNotices(): Promise<void> {
  await noticesItem.removeValue();
}

/** The kinds muted: the clinician's own choice if they made one, else the trust's default. */
export async function mutedKinds(): Promise<Set<NotificationKind>> {
  const own = await mutedNotifications.getValue();
  const chosen = own ?? (await loadSettings()).defaultMutedNotifications;
  return new Set(chosen.filter((k): k is NotificationKind => (NOTIFICATION_KINDS as readonly string[]).includes(k)));
}

/**
 * Keeps the clinician's own choice of kinds to mute, over the trust's default.
 *
 * @param kinds - the kinds of event not to notify
 */
export async function setMutedKinds(kinds: NotificationKind[]): Promise<void> {
  await mutedNotifications.setValue(kinds);
}

/**
 * A notice's words: what happened, never to whom (the operating system may keep notification text).
 *
 * @param kind - the kind of event
 */
export function noticeText(kind: NotificationKind): string {
  return KIND_LABELS[kind];
}
