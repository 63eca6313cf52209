/**
 * Page objects for the demo EPRs: what a clinician does in each (open a patient, leave them), done the
 * way a clinician does it (clicks), so the EPR's own navigation runs.
 */
import type { Frame, Page } from 'puppeteer';
import type { RosterPatient } from '../sandbox/roster';

/** One EPR style, as the tests drive it. */
export interface EprDriver {
  readonly name: string;
  /** Goes to a page of this EPR where no single patient is open (list, worklist). */
  goToList(): Promise<void>;
  /** Opens a patient the way a clinician would from where the EPR is now. */
  openPatient(p: RosterPatient): Promise<void>;
  /** Leaves the patient (closes the chart, clears the patient, back to the list). */
  leavePatient(): Promise<void>;
}

export class OpenMrsDriver implements EprDriver {
  readonly name = 'OpenMRS';
  constructor(readonly page: Page, readonly baseUrl: string) {}

  async goToList() {
    if (!this.page.url().includes('/openmrs/spa/')) await this.page.goto(`${this.baseUrl}/openmrs/spa/home`);
    else await this.clickLink('a.omrs-navbar__brand');
    await this.page.waitForSelector('a[href*="/openmrs/spa/patient/"]');
  }

  async openPatient(p: RosterPatient) {
    // From a chart, go home first, as a clinician picks the next patient from the worklist.
    if (!(await this.page.$(`a[href*="/patient/${p.openmrsUuid}/"]`))) await this.goToList();
    await this.clickLink(`a[href*="/patient/${p.openmrsUuid}/"]`);
    await this.page.waitForSelector('header[aria-label="patient banner"]');
  }

  async leavePatient() {
    await this.goToList();
  }

  private async clickLink(selector: string) {
    const link = await this.page.waitForSelector(selector);
    await link!.click();
  }
}

export class OpenEmrDriver implements EprDriver {
  readonly name = 'OpenEMR';
  constructor(readonly page: Page, readonly baseUrl: string) {}

  private async finder(): Promise<Frame> {
    const frameEl = await this.page.waitForSelector('iframe[name="fin"]');
    const frame = await frameEl!.contentFrame();
    await frame.waitForSelector('#pt_table tbody tr[data-pid]');
    return frame;
  }

  async goToList() {
    if (!this.page.url().includes('/openemr/')) await this.page.goto(`${this.baseUrl}/openemr/interface/main/tabs/main.php`);
    else await this.page.click('#oe-menu-finder');
    await this.finder();
  }

  async openPatient(p: RosterPatient) {
    await this.goToList();
    const frame = await this.finder();
    await frame.click(`#pt_table tbody tr[data-pid="${p.openemrPid}"]`);
    await this.page.waitForFunction((id) => document.querySelector('#attendantData [data-bind="text: pubpid"]')?.textContent === id, {}, p.openemrPubpid);
  }

  async leavePatient() {
    await this.page.click('#oe-clear-patient');
    await this.page.waitForFunction(() => document.getElementById('attendantData')?.textContent?.trim() === '');
  }
}

export class NhsCuiDriver implements EprDriver {
  readonly name = 'NHS CUI';
  constructor(readonly page: Page, readonly baseUrl: string) {}

  async goToList() {
    await this.page.goto(`${this.baseUrl}/nhs/patients`);
  }

  async openPatient(p: RosterPatient) {
    if (!this.page.url().endsWith('/nhs/patients')) await this.goToList();
    await Promise.all([this.page.waitForNavigation(), this.page.click(`a[href="/nhs/patient/${p.nhsNumber}"]`)]);
    await this.page.waitForSelector('[aria-label="Patient banner"]');
  }

  async leavePatient() {
    await this.goToList();
  }
}

export class MedplumDriver implements EprDriver {
  readonly name = 'Medplum';
  constructor(readonly page: Page, readonly baseUrl: string) {}

  async goToList() {
    await this.page.goto(`${this.baseUrl}/medplum/Patient`);
  }

  async openPatient(p: RosterPatient) {
    if (!this.page.url().endsWith('/medplum/Patient')) await this.goToList();
    await Promise.all([this.page.waitForNavigation(), this.page.click(`a[href="/medplum/Patient/${p.fhirId}/timeline"]`)]);
    await this.page.waitForSelector('.InfoBar_root');
  }

  async leavePatient() {
    await this.goToList();
  }
}
