// A toast arrives a little after load, anchored to the right edge, at the highest z-index.
window.__clicked = [];
for (const id of ['menu', 'close-case']) document.getElementById(id).addEventListener('click', () => window.__clicked.push(id));
setTimeout(() => {
  const toast = document.createElement('div');
  toast.className = 'toast';
  toast.innerHTML = '<span>工单已保存</span> <button id="toast-action">查看</button>';
  document.getElementById('overlay-layer').append(toast);
  toast.querySelector('button').addEventListener('click', () => window.__clicked.push('toast-action'));
}, 300);
