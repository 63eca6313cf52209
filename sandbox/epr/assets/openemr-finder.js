// @ts-check
/**
 * OpenEMR-style demo EPR: the patient finder's script (dynamic_finder.php, in iframe "fin"). Browser only.
 * Filters the table as you type; choosing a row asks the top frame to open that patient. Without the top
 * frame (finder opened on its own) the row's link simply loads demographics.php in this window.
 */
const input = /** @type {HTMLInputElement | null} */ (document.getElementById('oe-finder-search'));
const rows = /** @type {HTMLTableRowElement[]} */ ([...document.querySelectorAll('#pt_table tbody tr')]);
const count = document.getElementById('oe-finder-count');

input?.addEventListener('input', () => {
  const q = input.value.trim().toLowerCase().replace(/\s+/g, ' ');
  const digits = q.replace(/[\s-]/g, '');
  let shown = 0;
  for (const tr of rows) {
    const text = (tr.textContent ?? '').toLowerCase().replace(/\s+/g, ' ');
    const hit = !q || text.includes(q) || (/^\d+$/.test(digits) && text.replace(/[\s-]/g, '').includes(digits));
    tr.hidden = !hit;
    if (hit) shown++;
  }
  if (count) count.textContent = `Showing ${shown} of ${rows.length} entries`;
});

for (const tr of rows) {
  tr.addEventListener('click', (event) => {
    const pid = tr.dataset.pid;
    /** @type {any} */ const top = window.top;
    if (!pid || window.top === window || typeof top?.openPatient !== 'function') {
      if (!(event.target instanceof HTMLAnchorElement)) tr.querySelector('a')?.click();
      return;
    }
    event.preventDefault();
    top.openPatient(pid);
  });
}
