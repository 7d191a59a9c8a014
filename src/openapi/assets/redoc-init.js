// Starts ReDoc from the settings the page carries as JSON. ReDoc's default theme names web fonts (Montserrat,
// Roboto) that pages usually fetch from a font CDN; system fonts keep the page offline and looking intended.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("skiff-docs-config").textContent);
  var sans = '-apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica, Arial, sans-serif';
  var mono = 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace';
  Redoc.init(
    config.openapiUrl,
    { theme: { typography: { fontFamily: sans, headings: { fontFamily: sans }, code: { fontFamily: mono } } } },
    document.getElementById("redoc-container")
  );
})();
