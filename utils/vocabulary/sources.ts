/**
 * Where every code in the code lists comes from: the published list, its version, where the copy that was
 * read lives, its licence, the day it was taken, what the refresh leaves out and what is known to be
 * missing. docs/clinical-code-lists.md explains each for a clinical safety officer; the refresh in
 * tools/code-lists/ reads only from the `url` (or `copy`) named here.
 */

/**
 * SNOMED CT and dm+d terms of use, true of every list of SNOMED CT / dm+d identifiers below.
 * @public for readers of this file and the refresh tool's instructions (tools/code-lists/README.md)
 */
export const SNOMED_DMD_TERMS =
  'SNOMED CT © SNOMED International, used in the UK under the NHS England affiliate licence; dm+d © NHSBSA under the Open Government Licence v3.0.';

/**
 * The day the committed lists were taken from the copies named below.
 * @public updated by hand at each refresh (tools/code-lists/README.md)
 */
export const TAKEN_ON = '2026-11-27';

export interface CodeListSource {
  /** Stable id, used by the classes and lists that cite it. */
  id: string;
  /** What a reviewer would call it. */
  name: string;
  /** The published list (OpenCodelists page, IG canonical URL, repository file). */
  url: string;
  /** The published version (OpenCodelists version id, release date, IG version, commit). */
  version: string;
  /** The copy that was read, where it is not the `url` itself: a repository file at a commit. */
  copy?: { repo: string; path: string; commit: string };
  /** Licence of the list (the identifiers themselves: {@link SNOMED_DMD_TERMS}). */
  licence: string;
  /** Rows of the published list deliberately not taken, and why. */
  leftOut?: string;
  /** What the committed data is known to lack. */
  knownGaps?: string;
}

const OPENSAFELY_MIT = 'Copy in an OpenSAFELY study repository (MIT, as OpenSAFELY research repositories are); list published on OpenCodelists.';
const NHSE_REFSET = 'NHS England primary care domain reference set (Open Government Licence v3.0), published on OpenCodelists; copy in an OpenSAFELY study repository (MIT).';
const GM_SDE = 'Greater Manchester Secure Data Environment clinical code sets (UoM-Data-Science-Platforms/gm-sde). No licence is published: the repository has no LICENSE file in the stored copy and the code-set READMEs state none. Cited, not licensed; the identifiers themselves are SNOMED CT / dm+d (SNOMED_DMD_TERMS).';

/** Every source the code lists cite, by id. */
export const SOURCES = {
  doac: {
    id: 'doac', name: 'OpenSAFELY: Direct acting oral anticoagulants (DOAC)',
    url: 'https://www.opencodelists.org/codelist/opensafely/direct-acting-oral-anticoagulants-doac/3457dcee/', version: '3457dcee',
    copy: { repo: 'RachelS99/Using-ehrQL-to-answer-specific-questions', path: 'codelists/opensafely-direct-acting-oral-anticoagulants-doac.csv', commit: '248065fc1af8dfd2e9a7ca4237da4684ef835a8d' },
    licence: 'Published on OpenCodelists (OpenSAFELY lists are published for reuse); the copy read is in RachelS99/Using-ehrQL-to-answer-specific-questions, which publishes no licence (no LICENSE file in the stored copy).',
    knownGaps: 'VMP and AMP only: the VTMs (apixaban, rivaroxaban, edoxaban, dabigatran) are not in the list, so a VTM-coded record is recognised by name.',
  },
  warfarin: {
    id: 'warfarin', name: 'OpenSAFELY: Warfarin',
    url: 'https://www.opencodelists.org/codelist/opensafely/warfarin/2020-10-05/', version: '2020-10-05',
    copy: { repo: 'opensafely/metfin_covid', path: 'codelists/opensafely-warfarin.csv', commit: '2efb95a45be2652ae91469fea4a39d892907d4ea' },
    licence: OPENSAFELY_MIT,
    knownGaps: 'Products added to dm+d after October 2020 are recognised by name only. The warfarin VTM is taken from the GM SDE warfarin set (warfarinVtm).',
  },
  warfarinVtm: {
    id: 'warfarinVtm', name: 'GM SDE code set: Warfarin, ingredient-level rows (VTM and "product containing warfarin")',
    url: 'https://github.com/UoM-Data-Science-Platforms/gm-sde/tree/main/shared/clinical-code-sets/medications/warfarin/1', version: 'version 1',
    copy: { repo: 'UoM-Data-Science-Platforms/gm-sde', path: 'shared/clinical-code-sets/medications/warfarin/1/warfarin.snomed.txt', commit: '6587126f063a78395826b6d327d755a2fd6365bc' },
    licence: GM_SDE,
    leftOut: 'Product rows (already in the OpenSAFELY warfarin list) and the findings and procedures the set also holds (warfarin not tolerated, allergy, dose, treatment plan, referral, monitoring, genotyping): they are not medicines.',
    knownGaps: 'Only the first 16,000 of 29,282 characters were read; the filter in tools/code-lists/lists.json is written to take the same rows from the whole file at the next refresh.',
  },
  lmwh: {
    id: 'lmwh', name: 'OpenSAFELY: Low molecular weight heparins (dm+d)',
    url: 'https://www.opencodelists.org/codelist/opensafely/low-molecular-weight-heparins-dmd/480a2266/', version: '480a2266',
    copy: { repo: 'opensafely/oral-anticoagulant-covid', path: 'codelists/opensafely-low-molecular-weight-heparins-dmd.csv', commit: 'd98d606611a9fe69d9def793aa6a88e1b4861daa' },
    licence: OPENSAFELY_MIT,
    knownGaps: 'Unfractionated heparin, fondaparinux, acenocoumarol and phenindione have no list here: recognised by name only (heparin flushes and locks excluded).',
  },
  insulin: {
    id: 'insulin', name: 'OpenSAFELY: Insulin medication',
    url: 'https://www.opencodelists.org/codelist/opensafely/insulin-medication/2020-04-26/', version: '2020-04-26',
    copy: { repo: 'opensafely/post-covid-diabetes', path: 'codelists/opensafely-insulin-medication.csv', commit: '8e04b95af844e84f6d4d736abe4a9847b2831124' },
    licence: OPENSAFELY_MIT,
    knownGaps: 'Insulins launched after April 2020 (e.g. Lyumjev) and insulin VTMs are recognised by name only.',
  },
  opioidTransdermal: {
    id: 'opioidTransdermal', name: 'OpenSAFELY: Opioid-containing medicines, transdermal, excluding drugs for substance misuse (dm+d)',
    url: 'https://www.opencodelists.org/codelist/opensafely/opioid-containing-medicines-transdermal-excluding-drugs-for-substance-misuse-dmd/23864d8f/', version: '23864d8f (named in the copy\'s codelists/codelists.json)',
    copy: { repo: 'opensafely/opioids-covid-research', path: 'codelists/opensafely-opioid-containing-medicines-transdermal-excluding-drugs-for-substance-misuse-dmd.csv', commit: '2e11f69cb0fdd20d85ce466c8d11aa5d1c5955e8' },
    licence: OPENSAFELY_MIT,
  },
  opioidParenteral: {
    id: 'opioidParenteral', name: 'OpenSAFELY: Opioid-containing medicines, parenteral, excluding drugs for substance misuse (dm+d)',
    url: 'https://www.opencodelists.org/codelist/opensafely/opioid-containing-medicines-parenteral-excluding-drugs-for-substance-misuse-dmd/55a533f9/', version: '55a533f9 (named in the copy\'s codelists/codelists.json)',
    copy: { repo: 'opensafely/opioids-covid-research', path: 'codelists/opensafely-opioid-containing-medicines-parenteral-excluding-drugs-for-substance-misuse-dmd.csv', commit: '2e11f69cb0fdd20d85ce466c8d11aa5d1c5955e8' },
    licence: OPENSAFELY_MIT,
  },
  opioidLongActingHigh: {
    id: 'opioidLongActingHigh', name: 'OpenSAFELY: High dose long-acting opioids (OpenPrescribing, dm+d)',
    url: 'https://www.opencodelists.org/codelist/opensafely/high-dose-long-acting-opioids-openprescribing-dmd/52f27403/', version: '52f27403 (named in the copy\'s codelists/codelists.json)',
    copy: { repo: 'opensafely/opioids-covid-research', path: 'codelists/opensafely-high-dose-long-acting-opioids-openprescribing-dmd.csv', commit: '2e11f69cb0fdd20d85ce466c8d11aa5d1c5955e8' },
    licence: OPENSAFELY_MIT,
  },
  opioidLongActingOther: {
    id: 'opioidLongActingOther', name: 'OpenSAFELY: Non high dose long-acting opioids (OpenPrescribing, dm+d)',
    url: 'https://www.opencodelists.org/codelist/opensafely/non-high-dose-long-acting-opioids-openprescribing-dmd/39e300ce/', version: '39e300ce (named in the copy\'s codelists/codelists.json)',
    copy: { repo: 'opensafely/opioids-covid-research', path: 'codelists/opensafely-non-high-dose-long-acting-opioids-openprescribing-dmd.csv', commit: '2e11f69cb0fdd20d85ce466c8d11aa5d1c5955e8' },
    licence: OPENSAFELY_MIT,
  },
  opioidOral: {
    id: 'opioidOral', name: 'OpenSAFELY: Opioid-containing medicines, oral, excluding drugs for substance misuse (dm+d)',
    url: 'https://www.opencodelists.org/codelist/opensafely/opioid-containing-medicines-oral-excluding-drugs-for-substance-misuse-dmd/4de2bbca/', version: '4de2bbca (named in the copy\'s codelists/codelists.json)',
    copy: { repo: 'opensafely/opioids-covid-research', path: 'codelists/opensafely-opioid-containing-medicines-oral-excluding-drugs-for-substance-misuse-dmd.csv', commit: '4fa62e41ca9e387c51923651f89f86489cbb60c6' },
    licence: OPENSAFELY_MIT,
    leftOut: 'Nothing: taken whole (1,309 rows, read to the end), including low-dose opioid mixtures (kaolin and morphine, codeine linctus), which over-flag rather than miss.',
    knownGaps: 'Oral methadone 1mg/ml solution and other products for opioid dependence are excluded by OpenSAFELY (drugs for substance misuse): recognised by name. Products added to dm+d after the list version: by name.',
  },
  opioidBuccalNasal: {
    id: 'opioidBuccalNasal', name: 'OpenSAFELY: Opioid-containing medicines, buccal, nasal and oromucosal, excluding drugs for substance misuse (dm+d)',
    url: 'https://www.opencodelists.org/codelist/opensafely/opioid-containing-medicines-buccal-nasal-and-oromucosal-excluding-drugs-for-substance-misuse-dmd/20d38d99/', version: '20d38d99 (named in the copy\'s codelists/codelists.json)',
    copy: { repo: 'opensafely/opioids-covid-research', path: 'codelists/opensafely-opioid-containing-medicines-buccal-nasal-and-oromucosal-excluding-drugs-for-substance-misuse-dmd.csv', commit: '2e11f69cb0fdd20d85ce466c8d11aa5d1c5955e8' },
    licence: OPENSAFELY_MIT,
    knownGaps: 'Sublingual buprenorphine for opioid dependence (Subutex, Espranor, buprenorphine 2mg and 8mg, Suboxone) is excluded by OpenSAFELY: recognised by name.',
  },
  opioidRectal: {
    id: 'opioidRectal', name: 'OpenSAFELY: Opioid-containing medicines, rectal, excluding drugs for substance misuse (dm+d)',
    url: 'https://www.opencodelists.org/codelist/opensafely/opioid-containing-medicines-rectal-excluding-drugs-for-substance-misuse-dmd/3c95c0c4/', version: '3c95c0c4 (named in the copy\'s codelists/codelists.json)',
    copy: { repo: 'opensafely/opioids-covid-research', path: 'codelists/opensafely-opioid-containing-medicines-rectal-excluding-drugs-for-substance-misuse-dmd.csv', commit: '2e11f69cb0fdd20d85ce466c8d11aa5d1c5955e8' },
    licence: OPENSAFELY_MIT,
  },
  opioidInhaled: {
    id: 'opioidInhaled', name: 'OpenSAFELY: Opioid-containing medicines, inhalation, excluding drugs for substance misuse (dm+d)',
    url: 'https://www.opencodelists.org/codelist/opensafely/opioid-containing-medicines-inhalation-excluding-drugs-for-substance-misuse-dmd/07c41a64/', version: '07c41a64 (named in codelists/codelists.json at commit 2e11f69c of the same repository; the copy read is at the commit below)',
    copy: { repo: 'opensafely/opioids-covid-research', path: 'codelists/opensafely-opioid-containing-medicines-inhalation-excluding-drugs-for-substance-misuse-dmd.csv', commit: '94e2780a6590c04c6ae7d8edc780d0b5cc02dad7' },
    licence: OPENSAFELY_MIT,
  },
  methotrexateOral: {
    id: 'methotrexateOral', name: 'OpenSAFELY: Methotrexate (oral)',
    url: 'https://www.opencodelists.org/codelist/opensafely/methotrexate-oral/041a8320/', version: '041a8320',
    copy: { repo: 'opensafely/immunosuppressant-meds-research', path: 'codelists/opensafely-methotrexate-oral.csv', commit: '2d8576740daf9b2c2e8c79d4c26ecf74dbc1f11c' },
    licence: OPENSAFELY_MIT,
    leftOut: 'Another copy (opensafely/Shared-Care-Monitoring) was not used: a spreadsheet had rounded its 17-digit ids (the check digits fail).',
  },
  lithium: {
    id: 'lithium', name: 'GM SDE code set: Lithium (from the NHS drug reference sets)',
    url: 'https://github.com/UoM-Data-Science-Platforms/gm-sde/tree/main/shared/clinical-code-sets/medications/lithium/1', version: 'version 1',
    copy: { repo: 'UoM-Data-Science-Platforms/gm-sde', path: 'shared/clinical-code-sets/medications/lithium/1/lithium.snomed.txt', commit: '2d0bc003928f74e25998308d1f4df4f14f304911' },
    licence: GM_SDE,
    knownGaps: 'Mostly VMP level with few AMPs: brands and parallel imports not listed are recognised by name.',
  },
  clozapine: {
    id: 'clozapine', name: 'GM SDE code set: Clozapine',
    url: 'https://github.com/UoM-Data-Science-Platforms/gm-sde/tree/main/shared/clinical-code-sets/medications/clozapine/1', version: 'version 1',
    copy: { repo: 'UoM-Data-Science-Platforms/gm-sde', path: 'shared/clinical-code-sets/medications/clozapine/1/clozapine.snomed.txt', commit: '8026bc28fd7cbbee880c591b97f84288f236695e' },
    licence: GM_SDE,
  },
  anticonvulsants: {
    id: 'anticonvulsants', name: 'GM SDE code set: Anticonvulsants (carbamazepine, lamotrigine, valproate)',
    url: 'https://github.com/UoM-Data-Science-Platforms/gm-sde/tree/main/shared/clinical-code-sets/medications/anticonvulsants/1', version: 'version 1',
    copy: { repo: 'UoM-Data-Science-Platforms/gm-sde', path: 'shared/clinical-code-sets/medications/anticonvulsants/1/anticonvulsants.snomed.txt', commit: '0818d5e567d9b179835c4b38e5ea23581c251f2d' },
    licence: GM_SDE,
    leftOut: 'Substance concepts (carbamazepine, lamotrigine, sodium valproate, valproate semisodium, carbamazepine epoxide, DPA and "Organic compound (substance)" 41175001): they are not medicines, and 41175001 would match almost anything.',
    knownGaps: 'Only carbamazepine, lamotrigine and valproate: levetiracetam, phenytoin, topiramate, zonisamide, lacosamide, clobazam and the others are recognised by name only.',
  },
  valproate: {
    id: 'valproate', name: 'OpenCodelists: user/RachelS99/medsip_valproate (VTM, VMP, AMP)',
    url: 'https://www.opencodelists.org/codelist/user/RachelS99/medsip_valproate/5c916b09/', version: '5c916b09',
    copy: { repo: 'RachelS99/Using-ehrQL-to-answer-specific-questions', path: 'codelists/user-RachelS99-medsip_valproate.csv', commit: '2efaea9a5bf9ed3f1650abfa3c4a99a2f915586b' },
    licence: 'Published on OpenCodelists by a user (not reviewed by OpenSAFELY); the copy read is in RachelS99/Using-ehrQL-to-answer-specific-questions, which publishes no licence (no LICENSE file in the stored copy).',
  },
  calcineurin: {
    id: 'calcineurin', name: 'GM SDE code set: Calcineurin inhibitors and other transplant immunosuppressants (BNF 8.2.2)',
    url: 'https://github.com/UoM-Data-Science-Platforms/gm-sde/tree/main/shared/clinical-code-sets/medications/calcineurin-inhibitors/1', version: 'version 1',
    copy: { repo: 'UoM-Data-Science-Platforms/gm-sde', path: 'shared/clinical-code-sets/medications/calcineurin-inhibitors/1/calcineurin-inhibitors.snomed.txt', commit: '886216740275ce3fb183f94b8f94fc4cd0873bca' },
    licence: GM_SDE,
    leftOut: 'Tacrolimus 0.0001% mouthwash rows: a mouth rinse, not systemic immunosuppression.',
  },
  mycophenolate: {
    id: 'mycophenolate', name: 'OpenSAFELY: Mycophenolate',
    url: 'https://www.opencodelists.org/codelist/opensafely/mycophenolate/30754455/', version: '30754455',
    copy: { repo: 'opensafely/immunosuppressant-meds-research', path: 'codelists/opensafely-mycophenolate.csv', commit: 'd78d17333fac508f3c4405a2364327fe210d8b94' },
    licence: OPENSAFELY_MIT,
  },
  azathioprine: {
    id: 'azathioprine', name: 'OpenSAFELY: Azathioprine (dm+d)',
    url: 'https://www.opencodelists.org/codelist/opensafely/azathioprine-dmd/78f0ddfe/', version: '78f0ddfe (named in the copy repository\'s codelists/codelists.txt)',
    copy: { repo: 'opensafely/RA_outcomes', path: 'codelists/opensafely-azathioprine-dmd.csv', commit: '0077fe36b5a99de416bd5e5e64b3b1cac1aad349' },
    licence: OPENSAFELY_MIT,
  },
  mercaptopurine: {
    id: 'mercaptopurine', name: 'OpenSAFELY: Mercaptopurine (dm+d)',
    url: 'https://www.opencodelists.org/codelist/opensafely/mercaptopurine-dmd/6546eab5/', version: '6546eab5 (named in codelists/codelists.txt at the same commit)',
    copy: { repo: 'opensafely/immunosuppressant-meds-research', path: 'codelists/opensafely-mercaptopurine-dmd.csv', commit: 'db9aed53cf4a21c43cbb492844cc87544696d692' },
    licence: OPENSAFELY_MIT,
    knownGaps: 'No mercaptopurine VTM in the list: a VTM-coded record is recognised by name.',
  },
  leflunomide: {
    id: 'leflunomide', name: 'OpenSAFELY: Leflunomide (dm+d)',
    url: 'https://www.opencodelists.org/codelist/opensafely/leflunomide-dmd/1765d120/', version: '1765d120 (named in the copy repository\'s codelists/codelists.txt)',
    copy: { repo: 'opensafely/RA_outcomes', path: 'codelists/opensafely-leflunomide-dmd.csv', commit: '0077fe36b5a99de416bd5e5e64b3b1cac1aad349' },
    licence: OPENSAFELY_MIT,
  },
  hydrocortisone: {
    id: 'hydrocortisone', name: 'GM SDE code set: Hydrocortisone (oral rows)',
    url: 'https://github.com/UoM-Data-Science-Platforms/gm-sde/tree/main/shared/clinical-code-sets/medications/hydrocortisone/1', version: 'version 1',
    copy: { repo: 'UoM-Data-Science-Platforms/gm-sde', path: 'shared/clinical-code-sets/medications/hydrocortisone/1/hydrocortisone.snomed.txt', commit: '0590d0f18ec5957113398f3bfb1cb542a5648051' },
    licence: GM_SDE,
    leftOut: 'Every non-oral row (creams, ointments, lotions, eye and ear preparations, rectal foam, enemas and suppositories, buccal and oromucosal tablets, Corlan pellets, lozenges and pastilles, injections), by the terms in tools/code-lists/lists.json. Also left out by that filter: the hydrocortisone VTM-like "Hydrocortisone (product)" 776251005 (it covers creams too) and "Product containing hydrocortisone acetate in oral dosage form" 716080007 (an abstract form concept).',
    knownGaps: 'Read to its end (135,351 characters; 357 oral codes, of which 56 came from beyond the first 32,000 characters: the newer VMP ids for 10mg and 20mg tablets, Efmody capsules, oral solutions, parallel imports and the brand concepts Plenadren, Alkindi, Efmody, Hydventia and Hydrocortone). Fludrocortisone, prednisone and dexamethasone have no list reached: recognised by name only.',
  },
  prednisolone: {
    id: 'prednisolone', name: 'OpenSAFELY: Asthma oral prednisolone medication',
    url: 'https://www.opencodelists.org/codelist/opensafely/asthma-oral-prednisolone-medication/2020-04-27/', version: '2020-04-27',
    copy: { repo: 'opensafely/metfin_covid', path: 'codelists/opensafely-asthma-oral-prednisolone-medication.csv', commit: '6aa80e64ee7d97bd0affab3011110622be4f4fce' },
    licence: OPENSAFELY_MIT,
  },
  fludrocortisone: {
    id: 'fludrocortisone', name: 'GM SDE code set: Fludrocortisone acetate',
    url: 'https://github.com/UoM-Data-Science-Platforms/gm-sde/tree/main/shared/clinical-code-sets/medications/fludrocortisone-acetate/1', version: 'version 1',
    copy: { repo: 'UoM-Data-Science-Platforms/gm-sde', path: 'shared/clinical-code-sets/medications/fludrocortisone-acetate/1/fludrocortisone-acetate.snomed.txt', commit: 'a2077a106cff2fc978fd2368b5f4ca9d8f371c34' },
    licence: GM_SDE,
    knownGaps: 'No fludrocortisone VTM in the set: a VTM-coded record is recognised by name.',
  },
  dexamethasone: {
    id: 'dexamethasone', name: 'GM SDE code set: Dexamethasone (oral rows)',
    url: 'https://github.com/UoM-Data-Science-Platforms/gm-sde/tree/main/shared/clinical-code-sets/medications/dexamethasone/1', version: 'version 1',
    copy: { repo: 'UoM-Data-Science-Platforms/gm-sde', path: 'shared/clinical-code-sets/medications/dexamethasone/1/dexamethasone.snomed.txt', commit: 'ee258c894c12acc54f02a80bdeda39e98d624192' },
    licence: GM_SDE,
    leftOut: 'Injections (ampoules and vials): a single injection does not make a patient steroid-dependent; the set holds no eye, ear or topical rows.',
    knownGaps: 'No dexamethasone VTM in the set. Prednisone (not marketed in the UK), methylprednisolone and deflazacort: recognised by name only.',
  },
  sulfonylurea: {
    id: 'sulfonylurea', name: 'Exeter Diabetes SDE framework: non-insulin glucose-lowering medication (dm+d), rows with drug class SU',
    url: 'https://github.com/Exeter-Diabetes/sde-sw-framework/blob/main/code_lists/medications/diabetes/non_insulin_dm_meds_dmd.csv', version: 'commit a28395c6',
    copy: { repo: 'Exeter-Diabetes/sde-sw-framework', path: 'code_lists/medications/diabetes/non_insulin_dm_meds_dmd.csv', commit: 'a28395c6f3b145d2fb11bba76f64b5861971f8d1' },
    licence: 'No licence file or licence statement was found in the repository files read (code_lists/…/info.md, the list itself); built from SNOMED CT UK Drug Extension 41.3.0 and dm+d 1.2.0 (info.md beside it). Until the authors state a licence, treat the selection as cited, not licensed: the codes themselves are SNOMED CT / dm+d (see SNOMED_DMD_TERMS).',
    leftOut: 'Every row of other drug classes. Rows with drug_class_1 = SU are taken whole (1,037 codes; the row 1093811000001104, Glimepiride 3mg tablets 30 tablet, was missed when the file was first read by hand and added when --check was first run against the file at the same commit), including a few that are not products (the "Daonil (qualifier value)" and substance concepts): they can only match a coding that carries them.',
    knownGaps: 'The list classes glibenclamide/metformin tablets (409187009, 409188004, 409189007) as metformin only; they are taken separately (SULFONYLUREA_METFORMIN_SNOMED). Products added to dm+d after the list was built are recognised by name.',
  },
  epilepsy: { id: 'epilepsy', name: 'NHS England PCD refset EPIL_COD (epilepsy)', url: 'https://www.opencodelists.org/codelist/nhsd-primary-care-domain-refsets/epil_cod/', version: 'copy at the commit below', copy: { repo: 'opensafely/zostavax-dementia', path: 'codelists/nhsd-primary-care-domain-refsets-epil_cod.csv', commit: '8cd2c889f7cd71597463453be2f36f1962dd031b' }, licence: NHSE_REFSET },
  heartFailure: { id: 'heartFailure', name: 'NHS England PCD refset HF_COD (heart failure)', url: 'https://www.opencodelists.org/codelist/nhsd-primary-care-domain-refsets/hf_cod/', version: 'copy at the commit below', copy: { repo: 'opensafely/zostavax-dementia', path: 'codelists/nhsd-primary-care-domain-refsets-hf_cod.csv', commit: '1163cd4dd8e81a80cab306fd83c9979cbca5ce97' }, licence: NHSE_REFSET },
  dementia: { id: 'dementia', name: 'NHS England PCD refset DEM_COD (dementia)', url: 'https://www.opencodelists.org/codelist/nhsd-primary-care-domain-refsets/dem_cod/20250912/', version: '20250912', copy: { repo: 'opensafely/zostavax-dementia', path: 'codelists/nhsd-primary-care-domain-refsets-dem_cod.csv', commit: '35e1da966683edb14ed5d44a94d5a47efeb404c8' }, licence: NHSE_REFSET },
  type1Diabetes: { id: 'type1Diabetes', name: 'NHS England PCD refset DMTYPE1_COD (type 1 diabetes)', url: 'https://www.opencodelists.org/codelist/nhsd-primary-care-domain-refsets/dmtype1_cod/20250912/', version: '20250912', copy: { repo: 'opensafely/ckd-deprescribing', path: 'codelists/nhsd-primary-care-domain-refsets-dmtype1_cod.csv', commit: 'f42c65d50f82e9a62559b1debd1b877c58d3f956' }, licence: NHSE_REFSET },
  pregnancy: { id: 'pregnancy', name: 'NHS England PCD refset PREG_COD (pregnancy)', url: 'https://www.opencodelists.org/codelist/nhsd-primary-care-domain-refsets/preg_cod/369b533d/', version: '369b533d', copy: { repo: 'RachelS99/Using-ehrQL-to-answer-specific-questions', path: 'codelists/nhsd-primary-care-domain-refsets-preg_cod.csv', commit: '2efaea9a5bf9ed3f1650abfa3c4a99a2f915586b' }, licence: 'NHS England primary care domain reference set (Open Government Licence v3.0), published on OpenCodelists; the copy read is in RachelS99/Using-ehrQL-to-answer-specific-questions, which publishes no licence.' },
  dialysis: { id: 'dialysis', name: 'NHS England PCD refset DIALYSIS_COD (dialysis)', url: 'https://www.opencodelists.org/codelist/nhsd-primary-care-domain-refsets/dialysis_cod/20260630/', version: '20260630', copy: { repo: 'opensafely/ckd-deprescribing', path: 'codelists/nhsd-primary-care-domain-refsets-dialysis_cod.csv', commit: '6aace52021d7c0f95d7175e8c4d9713d921b2d7c' }, licence: NHSE_REFSET },
  renalTransplant: { id: 'renalTransplant', name: 'NHS England PCD refset RENALTRANSP_COD (renal transplant)', url: 'https://www.opencodelists.org/codelist/nhsd-primary-care-domain-refsets/renaltransp_cod/20260630/', version: '20260630', copy: { repo: 'opensafely/ckd-deprescribing', path: 'codelists/nhsd-primary-care-domain-refsets-renaltransp_cod.csv', commit: '9b0b36c0c6986941f4b3371ed2dd4b5f34a51e9c' }, licence: NHSE_REFSET, knownGaps: 'Kidney only: heart, lung, liver, pancreas and stem-cell transplants are recognised by name only.' },
  ckdStage4: { id: 'ckdStage4', name: 'GM SDE code set: CKD stage 4', url: 'https://github.com/UoM-Data-Science-Platforms/gm-sde/tree/main/shared/clinical-code-sets/conditions/ckd-stage-4/1', version: 'version 1', copy: { repo: 'UoM-Data-Science-Platforms/gm-sde', path: 'shared/clinical-code-sets/conditions/ckd-stage-4/1/ckd-stage-4.snomed.txt', commit: '9d59b5a88932db998ba79d63394de8b366b03bb6' }, licence: GM_SDE },
  ckdStage5: { id: 'ckdStage5', name: 'GM SDE code set: CKD stage 5', url: 'https://github.com/UoM-Data-Science-Platforms/gm-sde/tree/main/shared/clinical-code-sets/conditions/ckd-stage-5/1', version: 'version 1', copy: { repo: 'UoM-Data-Science-Platforms/gm-sde', path: 'shared/clinical-code-sets/conditions/ckd-stage-5/1/ckd-stage-5.snomed.txt', commit: '03a4d4228b1ed44707ec40bac70f234a9560e6cf' }, licence: GM_SDE },
  carer: { id: 'carer', name: 'PRIMIS: Carer codes (CARER_COD, COVID-19 vaccine uptake specification)', url: 'https://www.opencodelists.org/codelist/primis-covid19-vacc-uptake/carer/', version: 'copy at the commit below', copy: { repo: 'opensafely/comparative-booster-spring2023', path: 'codelists/primis-covid19-vacc-uptake-carer.csv', commit: '96c3a1c31f4384cb5ed7af8f8d544a40555980ae' }, licence: OPENSAFELY_MIT, knownGaps: '"Is a carer" only: "has a carer" (cared for by someone) has no list reached and is recognised by name.' },
  autism: { id: 'autism', name: 'GM SDE code set: Autism spectrum disorder', url: 'https://github.com/UoM-Data-Science-Platforms/gm-sde/tree/main/shared/clinical-code-sets/conditions/autism-spectrum-disorder/1', version: 'version 1', copy: { repo: 'UoM-Data-Science-Platforms/gm-sde', path: 'shared/clinical-code-sets/conditions/autism-spectrum-disorder/1/autism-spectrum-disorder.snomed.txt', commit: 'a564afd41ab6719960dcaa124ad1502d8016856a' }, licence: GM_SDE, leftOut: 'Assessment scales, procedures, referrals, clinics, "under care of" and "suspected autism": none is a diagnosis.' },
  learningDisability: { id: 'learningDisability', name: 'NHS England PCD refset LD_COD (learning disability register)', url: 'https://www.opencodelists.org/codelist/nhsd-primary-care-domain-refsets/ld_cod/', version: 'copy at the commit below', copy: { repo: 'opensafely/ADHD-Pre-and-Post-Covid', path: 'codelists/nhsd-primary-care-domain-refsets-ld_cod.csv', commit: '5703b2f77fa39566a7084bcf73f69fa9902b98c6' }, licence: NHSE_REFSET },
  ydhAlerts: { id: 'ydhAlerts', name: 'Yeovil District Hospital NHSFT: TrakCare patient alerts mapped to SNOMED CT (lookup.patient_alerts)', url: 'https://github.com/Fdawgs/ydh-fhir-api/blob/main/migrations/mssql/005.do.create_records.sql', version: 'commit 24af6d61', copy: { repo: 'Fdawgs/ydh-fhir-api', path: 'migrations/mssql/005.do.create_records.sql', commit: '24af6d6199ac9b45d905e4fea4251e5b2335f5b2' }, licence: 'MIT (the repository\'s package.json: "license": "MIT"; author Frazer Smith, Yeovil District Hospital NHSFT). The same mapping is stored elsewhere as the SQL table ydh_alert_list.', leftOut: 'Alerts the hospital left unmapped (NULL SNOMED code: abuse history, DoLS, malignant hyperthermia, MRGNO, registered addict …): they are read by their words.', knownGaps: 'One code per alert, chosen by one hospital (e.g. only 363732003 Addison disease for adrenal insufficiency, 64779008 for every bleeding disorder). It is SQL, not a code list: tools/code-lists cannot refresh it, so a change there must be copied by hand and reviewed.' },
  raFlag: { id: 'raFlag', name: 'NHS England Reasonable Adjustment Flag FHIR profiles and code systems (RA-FlagCategory NRAF, RA-AdjustmentCategory 001–011)', url: 'https://github.com/NHSDigital/ra-sandbox/tree/main/input/fsh', version: 'RA-Flag 2.0.0 (2024-02-20); RA-AdjustmentCategory 1.0.0', copy: { repo: 'NHSDigital/ra-sandbox', path: 'input/fsh/codesystem/RA-AdjustmentCategory.fsh', commit: 'aeb7dd744fd7fe465d2a030eb9bd5d6f2d0cf8d1' }, licence: 'Apache-2.0 (© NHS England, stated in the code systems).' },
  flagCategory: { id: 'flagCategory', name: 'HL7 FHIR R4 Flag category code system', url: 'http://terminology.hl7.org/CodeSystem/flag-category', version: 'FHIR R4', licence: 'HL7 FHIR licence (CC0 1.0).' },
  dnr: { id: 'dnr', name: 'HL7 Germany / NUM Do-Not-Resuscitate-Order value set', url: 'https://github.com/hl7germany/forschungsnetz-covid19/blob/master/input/fsh/valuesets/DoNotResuscitateOrder.fsh', version: '2020-05-03', licence: 'HL7 Germany IG source; SNOMED CT content under SNOMED International licence.' },
  ipsAbsence: { id: 'ipsAbsence', name: 'HL7 IPS ConceptMap: Absence of Information Mappings – IPS to SNOMED CT', url: 'http://hl7.org/fhir/uv/ips/ConceptMap/absence-to-snomed-uv-ips', version: '1.1.0 (2024-06-19)', licence: 'HL7 FHIR licence (CC0 1.0).' },
  nrlPointerTypes: { id: 'nrlPointerTypes', name: 'NHS England National Record Locator (NRLF) pointer types', url: 'https://github.com/NHSDigital/NRLF/blob/main/layer/nrlf/core/constants.py', version: 'commit 810cce74', copy: { repo: 'NHSDigital/NRLF', path: 'layer/nrlf/core/constants.py', commit: '810cce74ac4249ba4554faa1c46b0f40c71bb851' }, licence: 'NHS England public repository; licence not checked.' },
  fhirEncounter: { id: 'fhirEncounter', name: 'HL7 FHIR R4 Encounter terminology: v3-ActCode EMER, v3-ActPriority EM, admit-source emd', url: 'https://hl7.org/fhir/R4/encounter.html', version: 'FHIR R4 (4.0.1)', licence: 'HL7 FHIR licence (CC0 1.0).' },
  syntheaFixtures: { id: 'syntheaFixtures', name: "The sandbox's Synthea R4 records (../shared/fixtures/synthea-r4/)", url: '../shared/fixtures/synthea-r4/', version: 'as shared with the project', licence: 'Synthea output (Apache-2.0 tool; synthetic data).' },
  alongsideRxNorm: { id: 'alongsideRxNorm', name: "Alongside's earlier RxNorm lists (utils/highlights/high-risk-medicines.ts at commit 6d617b3, since replaced by these lists)", url: 'utils/highlights/high-risk-medicines.ts', version: 'commit 6d617b3', licence: 'This project. RxNorm identifiers © NLM (UMLS licence for the full release; identifiers are freely usable).', knownGaps: 'Carried over unverified except 861467 (meperidine), 105586 (methotrexate) and 835900 (ciclosporin), which the Synthea records display.' },
  // Allergy classes (allergy-classes.ts): the medicines of each class, and the allergy codes that name one.
  antibacterials: { id: 'antibacterials', name: 'OpenSAFELY: Antibacterials (dm+d, with BNF codes)', url: 'https://www.opencodelists.org/codelist/opensafely/antibacterials/26390d85/', version: '26390d85 (named in the copy\'s codelists/codelists.txt)', copy: { repo: 'opensafely/winter-pressures-phase-II', path: 'codelists/opensafely-antibacterials.csv', commit: '6d4e024a5edb4bb70a5fe88616b15e8e617fe5dc' }, licence: OPENSAFELY_MIT, leftOut: 'Every row outside the BNF sections taken: 5.1.1 penicillins, 5.1.2 cephalosporins (5.1.2.1 and the older 0501020 chemical codes), carbapenems (5.1.2.2) and other beta-lactams (5.1.2.3, aztreonam), and 5.1.8 sulfonamides without trimethoprim (0501080W0).', knownGaps: 'VMP and AMP only: no VTMs, so a VTM-coded medicine ("Amoxicillin") is recognised by name. Topical and eye preparations are not antibacterials in BNF 5.1 (silver sulfadiazine cream is not a member).' },
  nsaidsOral: { id: 'nsaidsOral', name: 'OpenSAFELY: NSAIDs (oral)', url: 'https://www.opencodelists.org/codelist/opensafely/nsaids-oral/49a0f281/', version: '49a0f281', copy: { repo: 'opensafely/RA_outcomes', path: 'codelists/opensafely-nsaids-oral.csv', commit: '0077fe36b5a99de416bd5e5e64b3b1cac1aad349' }, licence: OPENSAFELY_MIT, knownGaps: 'Oral forms only (BNF 10.1.1): injectable, rectal and topical NSAIDs and aspirin (BNF 2.9, 4.7.1) are not members; an NSAID allergy does not meet them by code.' },
  aceInhibitors: { id: 'aceInhibitors', name: 'OpenSAFELY: ACE inhibitor medications', url: 'https://www.opencodelists.org/codelist/opensafely/ace-inhibitor-medications/2020-05-19/', version: '2020-05-19', copy: { repo: 'opensafely/FLUCATS', path: 'codelists/opensafely-ace-inhibitor-medications.csv', commit: 'a16ca7d639c2dfdd7e073c8e46273c806a301726' }, licence: OPENSAFELY_MIT, knownGaps: 'Products newer than May 2020 are recognised by name.' },
  chAllergy: { id: 'chAllergy', name: 'HL7 Switzerland CH Term: CH AllergyIntolerance value sets (Condition; Reaction Substance), eHealth Suisse', url: 'http://fhir.ch/ig/ch-term/ValueSet/CHAllergyIntoleranceConditionValueSet', version: 'CH Term 3.0.1-ci-build (2024-05-15)', copy: { repo: 'hl7ch/ch-epr-term', path: 'input/fsh/valueset/VSfromCHAllergyIntolerance.fsh', commit: '226c5c72fa36ac853a7eb5b4bba663831f159852' }, licence: 'MIT (HL7 Benutzergruppe Schweiz); the codes are SNOMED CT International.', leftOut: 'Every finding and substance whose agent names none of the classes or their medicines.', knownGaps: 'A Swiss value set: UK-only concepts (UK drug extension substances) are not in it, and not every member has an "Allergy to" finding (e.g. co-amoxiclav, cefalexin): those are met by the product codes GP systems send, the GM SDE adverse reaction codes, or by name.' },
  gmAllergy: { id: 'gmAllergy', name: 'GM SDE code set: Allergy (allergies and adverse reactions)', url: 'https://github.com/UoM-Data-Science-Platforms/gm-sde/tree/main/allergy/1', version: 'version 1', copy: { repo: 'UoM-Data-Science-Platforms/gm-sde', path: 'allergy/1/allergy.snomed.txt', commit: 'd42b4aaaa6eb42f2dc50eac207b28597948c1d79' }, licence: GM_SDE, leftOut: 'Every row whose agent names none of the classes or their medicines (the generic list takes its two adverse-reaction-to-drug/substance rows).', knownGaps: 'Adverse reaction codes, not "Allergy to" findings: the set has almost none of those (they come from the CH value set).' },
  gmAllergyAce: { id: 'gmAllergyAce', name: 'GM SDE code set: Allergy to ACE inhibitors', url: 'https://github.com/UoM-Data-Science-Platforms/gm-sde/tree/main/shared/clinical-code-sets/conditions/allergy-ace/1', version: 'version 1', copy: { repo: 'UoM-Data-Science-Platforms/gm-sde', path: 'shared/clinical-code-sets/conditions/allergy-ace/1/allergy-ace.snomed.txt', commit: '3588dd4a397e175bde22799e8bbb720d2aca7cf1' }, licence: GM_SDE },
  ukCoreAllergyCode: { id: 'ukCoreAllergyCode', name: 'UK Core ValueSet UKCore-AllergyCode (the degrade codes it names)', url: 'https://fhir.hl7.org.uk/ValueSet/UKCore-AllergyCode', version: 'UK Core STU2 (package 2.0.0)', copy: { repo: 'NHSDigital/FHIR-R4-UKCORE-STAGING-MAIN', path: 'valuesets/ValueSet-UKCore-AllergyCode.xml', commit: '0d476e11d6f2295f8f9f5d2c62426edafc437a23' }, licence: 'UK Core (HL7 UK / NHS England); the repository states no licence file. Cited; the codes are SNOMED CT UK.' },
  gpConnectAllergies: { id: 'gpConnectAllergies', name: 'GP Connect Access Record: Structured, allergies guidance (degraded drug allergies)', url: 'https://developer.nhs.uk/apis/gpconnect/accessrecord_structured_development_allergies_guidance.html', version: 'commit 0989f456 (2022-02-03)', copy: { repo: 'nhsconnect/gpconnect', path: 'pages/accessrecord_structured/accessrecord_structured_development_allergies_guidance.md', commit: '0989f45647ee7c25b415ff930d47fd273660257b' }, licence: 'Apache-2.0 (nhsconnect/gpconnect).' },
  ccdaAllergyType: { id: 'ccdaAllergyType', name: 'HL7 C-CDA Allergy and Intolerance Type (value set 2.16.840.1.113883.3.88.12.3221.6.2), as HL7 C-CDA on FHIR ConceptMap CF-AllergyIntoleranceCategory lists it', url: 'http://hl7.org/fhir/us/ccda/ConceptMap/CF-AllergyIntoleranceCategory', version: 'ConceptMap 4.0.1', copy: { repo: 'HL7/ccda-on-fhir', path: 'input/fsh/instances/CF-AllergyIntoleranceCategory.fsh', commit: '3434138466b0d1ebfc37a80530176d542496e9a5' }, licence: 'HL7 FHIR licence (CC0 1.0); SNOMED CT International codes.' },
  beAllergyType: { id: 'beAllergyType', name: 'HL7 Belgium allergy IG: BeVSAllergyIntoleranceType', url: 'https://github.com/hl7-be/allergy', version: 'commit 8d1ea826', copy: { repo: 'hl7-be/allergy', path: 'input/fsh/valuesets/BeAllergyIntoleranceType.fsh', commit: '8d1ea826536234d6c4991066ac8620cbbc33d459' }, licence: 'HL7 FHIR licence (the repository\'s LICENSE).' },
  bnfBetaLactamAllergy: { id: 'bnfBetaLactamAllergy', name: 'BNF, Penicillins (cautions: cross-sensitivity with cephalosporins and other beta-lactams); BSACI guideline for allergy to penicillins and other beta-lactams (Mirakian et al., Clin Exp Allergy 2015;45:300-327)', url: 'https://bnf.nice.org.uk/treatment-summaries/penicillins/', version: 'as quoted by NHS Forth Valley antimicrobial guidance and Gloucestershire Hospitals penicillin allergy guidance (the BNF page itself was not read)', licence: 'A clinical rule, not a code list: cited, no codes taken.' },

  // Safeguarding by meaning (safeguarding.ts).
  rcgpSafeguarding: { id: 'rcgpSafeguarding', name: 'OpenCodelists user list: RCGP child safeguarding codes (S_Walter)', url: 'https://www.opencodelists.org/codelist/user/S_Walter/rcgp-child-safeguarding/3a120dbf/', version: '3a120dbf', copy: { repo: 'opensafely/lockdown-and-vulnerable-groups', path: 'codelists/user-S_Walter-rcgp-child-safeguarding.csv', commit: '135e1454e5f2f22a7994394d5eb63bc18695577e' }, licence: OPENSAFELY_MIT, leftOut: 'Ended states (no longer in need, removed from the register, no longer looked after) and "Approved foster parent".', knownGaps: 'A user list (not reviewed by OpenSAFELY or the RCGP on OpenCodelists).' },
  childSafeguarding: { id: 'childSafeguarding', name: 'OpenCodelists user list: Child safeguarding (S_Walter)', url: 'https://www.opencodelists.org/codelist/user/S_Walter/child-safeguarding/320336da/', version: '320336da', copy: { repo: 'opensafely/lockdown-and-vulnerable-groups', path: 'codelists/user-S_Walter-child-safeguarding.csv', commit: '0de4ffe2ba478e3600920431fd264370c5a2998b' }, licence: OPENSAFELY_MIT, leftOut: 'Ended states; homelessness, household substance misuse, parenting findings, meetings, assessments, reports, discussions and other process codes: about 150 of 244 rows (docs/clinical-code-lists.md).', knownGaps: 'A user list.' },
  domesticAbuse: { id: 'domesticAbuse', name: 'OpenCodelists user list: Domestic violence and abuse complexity factor (S_Walter)', url: 'https://www.opencodelists.org/codelist/user/S_Walter/domestic-violence-abuse-complexity-factor/3191bf97/', version: '3191bf97', copy: { repo: 'opensafely/lockdown-and-vulnerable-groups', path: 'codelists/user-S_Walter-domestic-violence-abuse-complexity-factor.csv', commit: '4f9c81f9104302223fa12190259606b51f3894a5' }, licence: OPENSAFELY_MIT, leftOut: 'Domestic violence education.' },
  cpisFlag: { id: 'cpisFlag', name: 'NHS England Child Protection - Information Sharing (CP-IS) FHIR assets: CPIS-FlagCode value set and the CP-IS PatientFlagCategory', url: 'https://github.com/NHSDigital/ra-sandbox/tree/main/input/fsh', version: 'CPIS-FlagCode 0.1.0 (draft, 2024-02-14)', copy: { repo: 'NHSDigital/ra-sandbox', path: 'input/fsh/valuesets/CPIS-FlagCode.fsh', commit: '66e68347dd6897b5e8603afe3df1aaabf2b59eca' }, licence: 'Apache-2.0 (© NHS England, as the RA Flag assets in the same repository).', knownGaps: 'Draft: one SNOMED CT code (224353004 child protection finding) for every CP-IS flag; the flag\'s own plan type (child protection plan, looked after, unborn) is not coded apart.' },
  interweaveFlags: { id: 'interweaveFlags', name: 'Yorkshire and Humber Care Record (Interweave) FHIR IG: InterweaveFlagType value set and code system', url: 'https://fhir.interweavedigital.nhs.uk/CodeSystem/Interweave-FlagType', version: '0.0.1 (draft, 2024-07-15)', copy: { repo: 'yorkshire-and-humber-care-record/fhir-ig-r4', path: 'input/fsh/InterweaveCodes/InterweaveCodesFlagType.fsh', commit: 'dc01a06a76db1240234444cd8448b6e106f14fe9' }, licence: 'Apache-2.0 (the repository\'s LICENSE).', knownGaps: 'MARAC has no SNOMED CT code in any list reached: only this regional flag code, so a MARAC recorded another way is recognised by its published term only. The adult SNOMED CT concepts are the four the value set names; their descendants (which it includes by is-a) are not listed.' },
  gmDidNotAttend: { id: 'gmDidNotAttend', name: 'GM SDE code set: Did not attend', url: 'https://github.com/UoM-Data-Science-Platforms/gm-sde/tree/main/shared/clinical-code-sets/patient/did-not-attend/1', version: 'version 1', copy: { repo: 'UoM-Data-Science-Platforms/gm-sde', path: 'shared/clinical-code-sets/patient/did-not-attend/1/did-not-attend.snomed.txt', commit: 'f3b98badd70d7e5ddb1ca7bf358fdae401facde2' }, licence: GM_SDE },

  // Observations that matter (observation-meaning.ts).
  amrSnomed: { id: 'amrSnomed', name: 'OpenCodelists user list: AMR (antimicrobial-resistant infections and organisms, BillyZhongUOM)', url: 'https://www.opencodelists.org/codelist/user/BillyZhongUOM/amr_snomed/214ef940/', version: '214ef940', copy: { repo: 'opensafely/amr-uom-brit', path: 'codelists/user-BillyZhongUOM-amr_snomed.csv', commit: '8cd8da022c11a2f3851d76e921fa8e9047af98e7' }, licence: OPENSAFELY_MIT, leftOut: 'Every row but MRSA, VRE and carbapenem-resistant Enterobacterales (ESBL, multi-resistant, quinolone-resistant and other organisms; MRSA risk scores; susceptible strains).', knownGaps: 'A user list; CPE carriage ("carbapenemase-producing ... carrier") and VRE carriage are not in it as findings.' },
  cdiSnomed: { id: 'cdiSnomed', name: 'OpenCodelists user list: C. difficile infection (BillyZhongUOM)', url: 'https://www.opencodelists.org/codelist/user/BillyZhongUOM/cdi_snomed/6f3012d5/', version: '6f3012d5', copy: { repo: 'opensafely/amr-uom-brit', path: 'codelists/user-BillyZhongUOM-cdi_snomed.csv', commit: '8cd8da022c11a2f3851d76e921fa8e9047af98e7' }, licence: OPENSAFELY_MIT, leftOut: 'Non-toxigenic strains, reactive arthritis after infection, and the antigen concentration observable.' },
  chLabAntibody: { id: 'chLabAntibody', name: 'HL7 Switzerland CH LAB-Report: ChLabBloodGroupAntibodyScreen (LOINC)', url: 'https://github.com/hl7ch/ch-lab-report', version: 'CH LAB 2.0.0 (value set 0.1.0, 2024-05-10)', copy: { repo: 'hl7ch/ch-lab-report', path: 'input/fsh/valuesets/ChLabBloodGroup_Antibody_Screen.fsh', commit: '13dfbaf97c65f8583ac7c0e753f03f1638ef8307' }, licence: 'No licence file in the stored copy of the repository; LOINC codes (© Regenstrief, LOINC licence). Cited, not licensed.', knownGaps: 'Screens only: the antibody identified (anti-D, anti-K …) is coded with SNOMED CT substances the value set includes by is-a, not listed; UK laboratories\' own codes for antibody results are not in any list reached.' },
  hl7v20508: { id: 'hl7v20508', name: 'HL7 Terminology: v2 table 0508, Blood Product Processing Requirements', url: 'http://terminology.hl7.org/CodeSystem/v2-0508', version: '2.0.0 (2019-12-01)', copy: { repo: 'HL7/UTG', path: 'input/sourceOfTruth/v2/codeSystems/cs-v2-0508.xml', commit: '1569d5a6cdd2e46569a6e44bd8211c548b4e55be' }, licence: 'HL7 Terminology (THO), CC0.', knownGaps: 'An HL7 v2 table: a UK record that states a transfusion requirement with SNOMED CT (irradiated or CMV-negative components) is not recognised by code; no published UK list was reached.' },
  gmPotassium: { id: 'gmPotassium', name: 'GM SDE code set: Potassium', url: 'https://github.com/UoM-Data-Science-Platforms/gm-sde/tree/main/shared/clinical-code-sets/tests/potassium/1', version: 'version 1', copy: { repo: 'UoM-Data-Science-Platforms/gm-sde', path: 'shared/clinical-code-sets/tests/potassium/1/potassium.snomed.txt', commit: '9d6de7c462a8a56ff5130c1851ba0258b29f57e8' }, licence: GM_SDE },
  gmSodium: { id: 'gmSodium', name: 'GM SDE code set: Sodium', url: 'https://github.com/UoM-Data-Science-Platforms/gm-sde/tree/main/shared/clinical-code-sets/tests/sodium/1', version: 'version 1', copy: { repo: 'UoM-Data-Science-Platforms/gm-sde', path: 'shared/clinical-code-sets/tests/sodium/1/sodium.snomed.txt', commit: '23edda03ae622e01799f5b0f73a13a7154eec1ef' }, licence: GM_SDE },
  gmEgfr: { id: 'gmEgfr', name: 'GM SDE code set: eGFR', url: 'https://github.com/UoM-Data-Science-Platforms/gm-sde/tree/main/shared/clinical-code-sets/tests/egfr/1', version: 'version 1', copy: { repo: 'UoM-Data-Science-Platforms/gm-sde', path: 'shared/clinical-code-sets/tests/egfr/1/egfr.snomed.txt', commit: '38dc4081d1f9c389c66d1966b4dc4ccc486e58c8' }, licence: GM_SDE, leftOut: 'The isotope GFR clearance procedure and the calculation technique and "with GFR" qualifier rows.' },
  sodiumTests: { id: 'sodiumTests', name: 'OpenSAFELY: Sodium tests (numerical value)', url: 'https://www.opencodelists.org/codelist/opensafely/sodium-tests-numerical-value/1f50a646/', version: '1f50a646', copy: { repo: 'opensafely/winter-pressures-phase-II', path: 'codelists/opensafely-sodium-tests-numerical-value.csv', commit: '3961618ad1c0882b4eed3461995dd146b9623d42' }, licence: OPENSAFELY_MIT },
  hba1cTests: { id: 'hba1cTests', name: 'OpenSAFELY: Glycated haemoglobin (HbA1c) tests', url: 'https://www.opencodelists.org/codelist/opensafely/glycated-haemoglobin-hba1c-tests/2ab11f20/', version: '2ab11f20', copy: { repo: 'opensafely/winter-pressures-phase-II', path: 'codelists/opensafely-glycated-haemoglobin-hba1c-tests.csv', commit: '0004804cd578d1e8e4bbb0d82ee28e0f61c27499' }, licence: OPENSAFELY_MIT },
  rcpathCritical: { id: 'rcpathCritical', name: 'The Royal College of Pathologists: The communication of critical and unexpected pathology results (G158, Dr Bernie Croal)', url: 'https://www.rcpath.org/', version: 'October 2017 (active 3 October 2017)', licence: '© The Royal College of Pathologists. The limits (numbers, not text) were read where two laboratories reproduce the guidance\'s table: South West London Pathology, "Grossly abnormal results" (https://www.swlpath.nhs.uk/gp/results/grossly-abnormal-results/), and pch-pathlab.com\'s "Critical value cut-off limits - Clinical Chemistry", which sets its limits beside an "RCPath 2017 Guidance" column; the College\'s own document was not read: check against it at review.', knownGaps: 'Potassium and sodium only: the guidance gives no eGFR or HbA1c limit. Local laboratories set their own limits; these are the national guidance\'s.' },

  // Organisations by name (organisations.ts).
  odsTrusts: { id: 'odsTrusts', name: 'NHS Digital Organisation Data Service: NHS Trusts (etr.csv)', url: 'https://digital.nhs.uk/services/organisation-data-service/export-data-files/csv-downloads/other-nhs-organisations', version: 'the copy below (closures up to 2020 recorded)', copy: { repo: 'psychty/wsx_covid_datapack_public', path: 'etr.csv', commit: '6a224dc16ccd77ef1f8ca6cb87f2d47d08295cbb' }, licence: 'Open Government Licence v3.0 (ODS data); the copy\'s repository publishes no licence.', leftOut: 'Every trust but the six codes the fixtures and sandbox use.', knownGaps: 'The sandbox\'s imaginary Northshire organisations reuse real trust codes (RX1, RX3) and invent GP codes (Y01234 …; not in the ODS GP practice file epraccur, copy of December 2019 in psychty/primary-care-geographies): odsName gives the real trust for RX1 and RX3 and nothing for the invented codes.' },

  // SNOMED CT semantic tags (semantic-tags.ts).
  snomedEditorialGuide: { id: 'snomedEditorialGuide', name: 'SNOMED CT Editorial Guide: Semantic Tag', url: 'https://confluence.ihtsdotools.org/display/DOCEG/Semantic+Tag', version: 'as read 2026-12 (conf.spaces.snomed.org copy, with the 2017-2020 tag (number))', licence: '© SNOMED International. A list of tag words, no codes.', knownGaps: 'The stored copies of the page were cut after "(OWL metadata concept)": the last rows (Social context, Special concept, Specimen, Staging and scales, Substance) were checked against copies of the table elsewhere; check them against the guide at review.' },

  // Routine reviews (routine-reviews.ts).
  medicationReview: { id: 'medicationReview', name: 'NHS England PCD refset MEDRVW_COD (medication review)', url: 'https://www.opencodelists.org/codelist/nhsd-primary-care-domain-refsets/medrvw_cod/20250912/', version: '20250912', copy: { repo: 'opensafely/winter-pressures-phase-II', path: 'codelists/nhsd-primary-care-domain-refsets-medrvw_cod.csv', commit: '0de7dbaad0a9a967e512ba15d48c064b6a49cb63' }, licence: NHSE_REFSET },
  medicationReviewRefset: { id: 'medicationReviewRefset', name: 'OpenSAFELY: Care planning medication review simple reference set (NHS Digital)', url: 'https://www.opencodelists.org/codelist/opensafely/care-planning-medication-review-simple-reference-set-nhs-digital/61b13c39/', version: '61b13c39', copy: { repo: 'opensafely/winter-pressures-phase-II', path: 'codelists/opensafely-care-planning-medication-review-simple-reference-set-nhs-digital.csv', commit: '0de7dbaad0a9a967e512ba15d48c064b6a49cb63' }, licence: OPENSAFELY_MIT },
  asthmaReview: { id: 'asthmaReview', name: 'OpenSAFELY: Asthma annual review (QOF)', url: 'https://www.opencodelists.org/codelist/opensafely/asthma-annual-review-qof/1509efab/', version: '1509efab', copy: { repo: 'opensafely/winter-pressures-phase-II', path: 'codelists/opensafely-asthma-annual-review-qof.csv', commit: '8b77a909bda2516b9c89501d50dada083ec9c514' }, licence: OPENSAFELY_MIT },
  copdReview: { id: 'copdReview', name: 'OpenSAFELY: COPD review (QOF)', url: 'https://www.opencodelists.org/codelist/opensafely/chronic-obstructive-pulmonary-disease-copd-review-qof/49db960b/', version: '49db960b', copy: { repo: 'opensafely/winter-pressures-phase-II', path: 'codelists/opensafely-chronic-obstructive-pulmonary-disease-copd-review-qof.csv', commit: '0de7dbaad0a9a967e512ba15d48c064b6a49cb63' }, licence: OPENSAFELY_MIT, knownGaps: 'Diabetes, heart failure, CKD, hypertension and mental health annual reviews: no published review list was reached; those contacts are not recognised as routine.' },
} as const satisfies Record<string, CodeListSource>;

export type SourceId = keyof typeof SOURCES;
