/**
 * Allergy against medicine: a current medicine of a class the patient is recorded allergic or intolerant
 * to (or of a class that cross-reacts with it) is flagged on both lines. Class membership comes from the
 * published lists behind `contradiction()` (utils/vocabulary/allergy-classes.ts), never from words here.
 */
import type { AllergyItem, AllergyMedicineContradiction } from '@/utils/fhir/normalised-record';
import { contradiction } from '@/utils/vocabulary';
import type { MergedFact } from './facts';
import type { MergedMedicine } from './medicines';

/**
 * Marks each current medicine that contradicts a listed allergy, and the allergy, with the same finding.
 * @param allergies - the listed allergies, with the concepts their entries carried
 * @param medicines - the current medicines, with theirs
 */
export function markContradictions(allergies: readonly MergedFact<AllergyItem>[], medicines: readonly MergedMedicine[]): void {
  for (const allergy of allergies) {
    const concepts = allergy.concepts.length ? allergy.concepts : [{ text: allergy.item.substance }];
    for (const medicine of medicines) {
      const medicineConcepts = medicine.concepts.length ? medicine.concepts : [{ text: medicine.item.name }];
      const found = concepts.flatMap((a) => medicineConcepts.map((m) => contradiction(a, m))).find((c) => c !== undefined);
      if (!found) continue;
      const finding: AllergyMedicineContradiction = {
        allergyId: allergy.item.id,
        allergy: allergy.item.substance,
        medicineId: medicine.item.id,
        medicine: medicine.item.name,
        classLabel: found.label,
        relation: found.relation,
        sameSubstance: found.sameSubstance,
        by: found.by,
        severe: allergy.item.criticality === 'high' || !!allergy.item.anaphylaxis,
      };
      (allergy.item.contradictedBy ??= []).push(finding);
      (medicine.item.contradicts ??= []).push(finding);
    }
  }
}
