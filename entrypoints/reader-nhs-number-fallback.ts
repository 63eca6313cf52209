/** The built-in `nhs-number-fallback` reader, loaded only on the EPR origins the trust assigned it to (see utils/context/reader-registry.ts). */
import { nhsNumberFallback } from '@/utils/context/adapters/nhs-number-fallback';
import { registerReader } from '@/utils/context/reader-registry';

export default defineUnlistedScript(() => registerReader(nhsNumberFallback));
