/**
 * What EPR pages and the background say to each other. A page reports what it shows over its own port
 * (utils/page/report-channel.ts), numbered; the background asks a page what it shows by a message. Only
 * plain data crosses, and nothing of it reaches the page itself (the content script's isolated world).
 */
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { Detection } from './detection';

/** What one page (one content-script life) has in view. */
export interface PageReport {
  /** Random per content-script life, so a late message from a page that has gone can be recognised. */
  pageId: string;
  /**
   * The page's report number: 1, 2, 3… in the order the page read them. A report older than one already
   * applied for the same page is never applied (docs/security-and-safety.md, "the newest report wins").
   */
  seq: number;
  /** The page's address when it was read. */
  href: string;
  detection: Detection;
}

/** The port's name: the background accepts page messages on ports of this name only. */
export const PAGE_PORT = 'alongside-page';

/** What a page sends the background over its port. */
export type PageMessage =
  | { type: 'report'; report: PageReport }
  | { type: 'closed'; pageId: string }
  | { type: 'readerTooSlow'; ruleId: string; label: string; ms: number };

/** What the background may ask of a page's content script. */
interface PageQuestions {
  /** What do you have in view now? */
  whatIsInView(): PageReport;
}

// No logger: the answers carry identifiers and names, which must never reach a console.
export const { sendMessage: askPage, onMessage: onPageQuestion } = defineExtensionMessaging<PageQuestions>();
