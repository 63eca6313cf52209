/** The built-in `openemr` reader, loaded only on the EPR origins the trust assigned it to (see utils/context/reader-registry.ts). */
import { openemr } from '@/utils/context/adapters/openemr';
import { registerReader } from '@/utils/context/reader-registry';

export default defineUnlistedScript(() => registerReader(openemr));
