/** The built-in `openmrs` reader, loaded only on the EPR origins the trust assigned it to (see utils/context/reader-registry.ts). */
import { openmrs } from '@/utils/context/adapters/openmrs';
import { registerReader } from '@/utils/context/reader-registry';

export default defineUnlistedScript(() => registerReader(openmrs));
