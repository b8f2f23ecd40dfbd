// A grid page of about 300,000 elements (6,000 rows × 25 cells × 2), whose own typing updates
// the page on every key press, as CRM grids do. It measures its own typing latency: from the
// key press to the frame that shows it.
const rows = Number(new URLSearchParams(location.search).get('rows') ?? 6000);
const grid = document.getElementById('grid');
const fragment = document.createDocumentFragment();
for (let row = 0; row < rows; row++) {
  const line = document.createElement('div');
  line.className = 'row';
  for (let cell = 0; cell < 25; cell++) {
    const box = document.createElement('span');
    const text = document.createElement('b');
    text.textContent = `${row}:${cell}`;
    box.append(text);
    line.append(box);
  }
  fragment.append(line);
}
grid.append(fragment);
window.__elements = document.getElementsByTagName('*').length;
window.__latencies = [];
const echo = document.getElementById('echo');
document.getElementById('filter').addEventListener('input', (event) => {
  const started = event.timeStamp;
  echo.textContent = event.target.value;
  // The grid marks the row the agent's text points at, a change deep in the document.
  const cell = grid.children[event.target.value.length % rows]?.firstChild;
  if (cell) cell.className = cell.className ? '' : 'hit';
  requestAnimationFrame(() => setTimeout(() => window.__latencies.push(performance.now() - started), 0));
});
