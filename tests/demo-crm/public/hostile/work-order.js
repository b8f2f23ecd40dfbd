document.getElementById('case-ref').textContent = new URLSearchParams(location.search).get('wo') ?? '';
