/**
 * The letter reader: the script of public/letter-reader.html, an offscreen document (Chrome, Edge) or a
 * hidden frame of the background page (Firefox) that reads letters for the background
 * (utils/record/sources/letter-reader-page.ts). A script of its own, sharing no code with the panel's
 * pages (their size budget); PDF.js is loaded from the package only when a PDF letter comes.
 */
import { serveLetterReading } from '@/utils/record/sources/letter-reader-service';

export default defineUnlistedScript(() => serveLetterReading());
