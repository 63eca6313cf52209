/**
 * The built-in EPR adapters, one file each. A test checks that every adapter file is listed here and
 * has saved pages that prove it.
 */
import type { EprAdapter } from '../types';
import { medplumApp } from './medplum-app';
import { nhsCuiBanner } from './nhs-cui-banner';
import { nhsNumberFallback } from './nhs-number-fallback';
import { openemr } from './openemr';
import { openmrs } from './openmrs';

export const builtInAdapters: readonly EprAdapter[] = [openmrs, openemr, nhsCuiBanner, medplumApp, nhsNumberFallback];
