/**
 * The kinds of care event Alongside notifies, and their words. A module of its own, with no imports,
 * because the settings (read by the content script too) validate against it.
 */
export const NOTIFICATION_KINDS = ['task-assigned', 'task-overdue', 'appointment-missed', 'admission', 'discharge', 'safeguarding-flag', 'resuscitation-flag'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const KIND_LABELS: Record<NotificationKind, string> = {
  'task-assigned': 'A task is assigned to you or your team',
  'task-overdue': 'A task of yours is overdue',
  'appointment-missed': 'A patient you are following missed an appointment',
  admission: 'A patient you are following was admitted',
  discharge: 'A patient you are following was discharged',
  'safeguarding-flag': 'A patient you are following has a new safeguarding flag',
  'resuscitation-flag': 'A patient you are following has a new resuscitation decision',
};
