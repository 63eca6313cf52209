/**
 * An EPR a trust declares as data (managed policy or the options page), for EPRs Alongside has no
 * built-in reader for: the rule's shape, shared by the settings that validate it and the page that reads
 * by it (utils/page/readers/declared-rule.ts). See docs/epr-rules.md for the format and worked examples.
 */
export interface DeclaredEprRule {
  /** Unique id, letters, digits and hyphens. */
  id: string;
  /** The EPR's name, as clinicians say it. */
  label: string;
  /** The origins the EPR runs on, e.g. `https://epr.northshire.nhs.uk`. */
  origins: string[];
  /** Only pages whose path starts with this. */
  pathPrefix?: string;
  /**
   * The patient id in the address: either `pattern`, a regular expression with one capture group that
   * must match the whole path (never the query), or the whole hash when `from` is `"hash"` (single-page
   * apps that route by it: `#/default/patient/<uuid>/dashboard`, matched without the `#`); or
   * `queryParam`, the name of a query parameter whose value is the id. `system` is the identifier system
   * the id is recorded under.
   */
  urlPatientId?: { pattern?: string; queryParam?: string; from?: 'path' | 'hash'; system: string };
  /**
   * CSS selector of the iframe the patient page lives in (same origin as the top page), when the EPR
   * shows patients inside a frame of a page whose address does not change. The banner is looked for
   * in that frame's document.
   */
  frame?: string;
  /** The patient banner. When given, no patient is detected until it is on the page. */
  banner?: {
    selector: string;
    /** Regular expression with one capture group for the NHS number; default: `NHS No.` / `NHS Number` labels. */
    nhsNumberPattern?: string;
    /** Capture group: the name as shown. */
    namePattern?: string;
    /** Capture group: the date of birth as shown. */
    birthDatePattern?: string;
    /** Capture group: an EPR-local id shown in the banner, and the identifier system it belongs to. */
    localId?: { pattern: string; system: string };
  };
  /**
   * The EPR's patient lists (clinic lists, ward lists, worklists): the rows, and the NHS number in each
   * (by default after `NHS No.` / `NHS Number`, or any valid NHS number in the row). A page showing such a
   * list shows no one patient; Alongside may fetch the listed patients' records ahead (prefetch).
   */
  list?: { rowSelector: string; nhsNumberPattern?: string };
  /**
   * `not-shown` only where the trust has checked that this EPR's pages show neither the patient's name
   * nor their date of birth: the record is then shown marked "identity not cross-checked". Otherwise
   * (the default) a page where neither can be read shows no record.
   */
  identity?: 'checked' | 'not-shown';
}

/**
 * The date-of-birth formats Alongside understands (utils/page/banner-text.ts `parseBannerDate`), as
 * docs/epr-rules.md lists them. A date written any other way is "not understood", and the panel and the
 * rule trial say so with the text read.
 */
export const BANNER_DATE_FORMATS: readonly { format: string; examples: readonly string[] }[] = [
  { format: 'day, month named in full or in three letters (or Sept), year; hyphens or spaces between', examples: ['17-Apr-1938', '17 Apr 1938', '17 April 1938', '17-APR-1938'] },
  { format: 'day/month/year, the day first (UK)', examples: ['17/04/1938', '7/4/1938'] },
  { format: 'year-month-day (ISO 8601)', examples: ['1938-04-17'] },
];
