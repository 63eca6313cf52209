// The letter reader: an offscreen document (Chrome, Edge) or a hidden frame of the background page
// (Firefox) that reads letters for the background (utils/record/sources/letter-reader-page.ts).
import { serveLetterReading } from '@/utils/record/sources/letter-reader-service';

serveLetterReading();
