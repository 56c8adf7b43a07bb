// Turns the plain query form of /sparql into YASGUI when JavaScript runs; the form works without it.
// Everything is served by this site: YASGUI's autocompleters that call other sites are switched off.
(function () {
  var form = document.getElementById('sparql-form');
  var host = document.getElementById('yasgui');
  if (!form || !host || !window.Yasgui) return;
  var examples = JSON.parse(document.getElementById('sparql-examples').textContent || '{}');
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
  if (examples.prefixes) yasgui.getTab().getYasqe().addPrefixes(examples.prefixes);
})();
