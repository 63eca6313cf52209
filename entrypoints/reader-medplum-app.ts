/** The built-in `medplum-app` reader, loaded only on the EPR origins the trust assigned it to (see utils/context/reader-registry.ts). */
import { medplumApp } from '@/utils/context/adapters/medplum-app';
import { registerReader } from '@/utils/context/reader-registry';

export default defineUnlistedScript(() => registerReader(medplumApp));
