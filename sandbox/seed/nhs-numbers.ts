import { nhsCheckDigit } from '../../utils/shared/nhs-number';
import type { SeededRandom } from './random';

/**
 * A new NHS number from the 999 test range (never issued to a real person), valid under Modulus 11,
 * and not in `used`.
 */
export function testNhsNumber(random: SeededRandom, used: Set<string>): string {
  for (;;) {
    const stem = `999${String(random.int(0, 999_999)).padStart(6, '0')}`;
    const check = nhsCheckDigit(stem);
    const nhs = `${stem}${check}`;
    if (check !== undefined && !used.has(nhs) && !/^(\d)\1{9}$/.test(nhs)) {
      used.add(nhs);
      return nhs;
    }
  }
}
