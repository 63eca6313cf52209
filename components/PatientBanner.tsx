import type { BannerModel } from '@/utils/highlights/patient-banner';

/**
 * The CUI patient banner: name first, then born, gender and NHS No. labels without colons. An NHS
 * number not verified (or whose status is not known) is a visible warning; a restricted record is marked.
 */
export function PatientBanner({ banner }: { banner: BannerModel }) {
  return (
    <header class="patient-banner" aria-label="Patient banner">
      <h1 class="patient-banner__name" data-testid="patient-name">{banner.name}</h1>
      {banner.restricted && (
        <p class="patient-banner__restricted" data-testid="restricted-record" role="note">
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
      <p
        class={`patient-banner__verification${banner.nhsNumberVerified ? '' : ' patient-banner__verification--unverified'}`}
        data-testid="nhs-number-status"
        role={banner.nhsNumberVerified ? undefined : 'alert'}
      >
        {banner.nhsNumberVerified ? '✓ ' : '⚠ '}NHS number: {banner.nhsNumberStatus}
        {!banner.nhsNumberVerified && ' — not verified: check the patient’s identity.'}
      </p>
      {banner.deceased && <p class="patient-banner__deceased">Deceased</p>}
    </header>
  );
}
