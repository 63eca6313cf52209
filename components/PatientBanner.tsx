import type { BannerModel } from '@/utils/highlights/patient-banner';

/**
 * The CUI patient banner: name first, then born, gender and NHS No. labels without colons. An NHS
 * number not verified (or whose status is not known) is a visible warning, in words and a symbol as well
 * as colour; a restricted record is marked; a patient who has died has it said first, across the panel.
 */
export function PatientBanner({ banner }: { banner: BannerModel }) {
  return (
    <header class="patient-banner" aria-label="Patient banner">
      {/* Death first, full width, above everything: nothing below is read as if the patient were alive. */}
      {banner.died && (
        <p class="patient-banner__died" data-testid="patient-died">
          {banner.died}
        </p>
      )}
      <h1 class="patient-banner__name" id="patient-name" data-testid="patient-name">{banner.name}</h1>
      {/* Marked where the name is, so nobody reads it aloud or prints it unaware. */}
      {banner.restricted && (
        <p class="patient-banner__restricted" data-testid="restricted-record">
          Restricted record: address and contact details are withheld.
        </p>
      )}
      <dl class="patient-banner__details">
        <div><dt>Born</dt> <dd data-testid="patient-born">{banner.born}</dd></div>
        <div><dt>Gender</dt> <dd>{banner.gender}</dd></div>
        <div>
          <dt>NHS No.</dt> <dd data-testid="patient-nhs-number">{banner.nhsNumber}</dd>
        </div>
      </dl>
      <p class={`patient-banner__verification${banner.nhsNumberVerified ? '' : ' patient-banner__verification--unverified'}`} data-testid="nhs-number-status">
        {banner.nhsNumberVerified ? '✓ ' : '⚠ '}NHS number: {banner.nhsNumberStatus}
        {!banner.nhsNumberVerified && ' — not verified: check the patient’s identity.'}
      </p>
    </header>
  );
}

/**
 * What a screen reader hears once when this patient is drawn: who, and any warning the banner carries.
 */
export function bannerAnnouncement(banner: BannerModel): string {
  return [
    `Showing ${banner.name}, born ${banner.born}, NHS No. ${banner.nhsNumber}.`,
    !banner.nhsNumberVerified && `NHS number not verified (${banner.nhsNumberStatus}): check the patient’s identity.`,
    banner.restricted && 'Restricted record.',
    banner.died && `${banner.died}.`,
  ]
    .filter(Boolean)
    .join(' ');
}
