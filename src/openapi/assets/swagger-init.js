// Starts Swagger UI from the settings the page carries as JSON (the page's CSP allows no inline script).
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("skiff-docs-config").textContent);
  window.ui = SwaggerUIBundle({
    url: config.openapiUrl,
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    // The default validator badge is an image from another host; the docs never leave this origin.
    validatorUrl: null,
    oauth2RedirectUrl: window.location.origin + config.oauth2RedirectUrl,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
  });
})();
