// Turns the plain query form of /sparql into YASGUI when JavaScript runs; the form works without it.
// Everything is served by this site: YASGUI's autocompleters that call other sites are switched off.
(function () {
  var form = document.getElementById('sparql-form');
  var host = document.getElementById('yasgui');
  if (!form || !host || !window.Yasgui) return;
  var query = form.querySelector('textarea').value;
  window.Yasgui.Yasqe.defaults.autocompleters = ['variables'];
  var yasgui = new window.Yasgui(host, {
    requestConfig: { endpoint: form.action, method: 'POST' },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    yasqe: { value: query },
  });
  form.hidden = true;
  host.hidden = false;
  // YASGUI leaves some controls without names; name them, now and whenever it redraws (results, tables).
  var fr = document.documentElement.lang === 'fr';
  var names = [
    ['.CodeMirror textarea', fr ? 'Requête SPARQL' : 'SPARQL query'],
    ['input.autocomplete', fr ? 'Adresse du point d’accès' : 'Endpoint address'],
    ['select.tableSizer', fr ? 'Lignes par page' : 'Rows per page'],
    ['.CodeMirror-scroll', fr ? 'Éditeur de requête' : 'Query editor'],
  ];
  function fix() {
    names.forEach(function (pair) {
      host.querySelectorAll(pair[0]).forEach(function (el) { if (!el.getAttribute('aria-label')) el.setAttribute('aria-label', pair[1]); });
    });
    // CodeMirror makes its scroller unfocusable (tabindex -1): keyboard users could not scroll a long query.
    host.querySelectorAll('.CodeMirror-scroll').forEach(function (el) {
      if (el.getAttribute('tabindex') !== '0') el.setAttribute('tabindex', '0');
      // A name is only allowed on an element with a role: the scroller is a named region.
      if (el.getAttribute('role') !== 'region') el.setAttribute('role', 'region');
    });
    host.querySelectorAll('th').forEach(function (th) { if (!th.textContent.trim()) th.textContent = '#'; });
  }
  fix();
  new MutationObserver(fix).observe(host, { childList: true, subtree: true });
})();
