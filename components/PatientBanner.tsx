import type { BannerModel } from '@/utils/highlights/patient-banner';

/** The patient banner in the NHS CUI format: name, then Born, Gender and NHS No. labels without colons. */
export function PatientBanner({ banner }: { banner: BannerModel }) {
  return (
    <header class="patient-banner" aria-label="Patient banner">
      <h1 class="patient-banner__name" data-testid="patient-name">{banner.name}</h1>
      <dl class="patient-banner__details">
        <div><dt>Born</dt> <dd data-testid="patient-born">{banner.born}</dd></div>
        <div><dt>Gender</dt> <dd>{banner.gender}</dd></div>
        <div>
          <dt>NHS No.</dt> <dd data-testid="patient-nhs-number">{banner.nhsNumber}</dd>
        </div>
      </dl>
      {banner.nhsNumberStatus && (
        <p class={`patient-banner__verification${banner.nhsNumberVerified ? '' : ' patient-banner__verification--unverified'}`}>
          {banner.nhsNumberVerified ? '✓ ' : '⚠ '}NHS number: {banner.nhsNumberStatus}
        </p>
      )}
      {banner.deceased && <p class="patient-banner__deceased">Deceased</p>}
    </header>
  );
}
