const frames = [...document.querySelectorAll('#frames iframe')];
const show = (...ids) => {
  for (const frame of frames) frame.classList.toggle('hidden', !ids.includes(frame.dataset.frame));
  for (const tab of document.querySelectorAll('[data-tab]')) tab.classList.toggle('active', ids.includes(tab.dataset.tab));
};
for (const tab of document.querySelectorAll('[data-tab]')) tab.addEventListener('click', () => show(tab.dataset.tab));
document.getElementById('split').addEventListener('click', () => show('WO-TAB-0002', 'WO-TAB-0003'));
