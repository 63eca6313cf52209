/** The built-in `nhs-cui-banner` reader, loaded only on the EPR origins the trust assigned it to (see utils/context/reader-registry.ts). */
import { nhsCuiBanner } from '@/utils/context/adapters/nhs-cui-banner';
import { registerReader } from '@/utils/context/reader-registry';

export default defineUnlistedScript(() => registerReader(nhsCuiBanner));
