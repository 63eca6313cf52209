/**
 * OpenMRS O3-style demo EPR: the shell HTML the server sends for every /openmrs/spa/* route.
 * The app (assets/openmrs-app.js) renders the route into it in the browser; snapshots.ts fills it
 * on the node side with the same render functions (assets/openmrs-render.js).
 *
 * Stable markup of the shell (see assets/openmrs-render.js for the banner and route content):
 *   nav.omrs-navbar[aria-label="OpenMRS"]          top bar; form#omrs-search-form[role="search"] > input#omrs-search-input
 *   #omrs-patient-banner-slot                        the patient banner while a patient is open, empty otherwise
 *   main#omrs-main                                   the route's content ([aria-busy="true"] while loading)
 */
import { escapeHtml } from './assets/common.js';
import { renderOpenmrsSkeleton } from './assets/openmrs-render.js';

export interface OpenmrsShellContent {
  title?: string;
  /** The banner slot's HTML: '' when no patient is open. */
  banner?: string;
  main?: string;
  searchValue?: string;
}

export function renderOpenmrsShell(content: OpenmrsShellContent = {}): string {
  const main = content.main ?? renderOpenmrsSkeleton('list');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(content.title ?? 'OpenMRS')}</title>
<link rel="stylesheet" href="/assets/openmrs.css">
<script type="module" src="/assets/openmrs-app.js"></script>
</head>
<body class="omrs">
<nav class="omrs-navbar" aria-label="OpenMRS">
  <a class="omrs-navbar__brand" href="/openmrs/spa/home" data-omrs-link><span class="omrs-logo" aria-hidden="true">&#9673;</span> OpenMRS</a>
  <form id="omrs-search-form" class="omrs-navbar__search" role="search" action="/openmrs/spa/search" method="get">
    <input id="omrs-search-input" name="q" type="search" placeholder="Search for a patient by name or identifier number" autocomplete="off" value="${escapeHtml(content.searchValue ?? '')}">
  </form>
  <div class="omrs-navbar__right">
    <span class="omrs-navbar__location">Outpatient Clinic</span>
    <span class="omrs-navbar__user">admin</span>
  </div>
</nav>
<div class="omrs-app">
  <div id="omrs-patient-banner-slot">${content.banner ?? ''}</div>
  <main id="omrs-main" class="omrs-main"${content.main === undefined ? ' aria-busy="true"' : ''}>${main}</main>
</div>
</body>
</html>
`;
}
