// What CRM pages do that can silence a sidebar, each one a function the test calls.
const sidebarHosts = () => [...document.querySelectorAll('*')].filter((element) => element.localName.startsWith('iceberg-'));
window.block = {
  modal: () => document.getElementById('modal').showModal(),
  closeModal: () => document.getElementById('modal').close(),
  inert: () => document.documentElement.setAttribute('inert', ''),
  uninert: () => document.documentElement.removeAttribute('inert'),
  cover: () => {
    const cover = document.createElement('div');
    cover.className = 'cover';
    cover.id = 'cover';
    document.body.append(cover);
  },
  uncover: () => document.getElementById('cover')?.remove(),
  popover: () => document.getElementById('popover').showPopover(),
  // A framework re-rendering <body> from scratch.
  rerender: () => {
    document.body.innerHTML = document.body.innerHTML;
  },
  // A page that takes away anything it did not put there itself.
  removeSidebar: () => sidebarHosts().forEach((host) => host.remove()),
  hideSidebar: () => sidebarHosts().forEach((host) => host.setAttribute('style', 'display:none !important')),
  hosts: () => sidebarHosts().length,
};
