// Starts Swagger UI on /docs from the vendored bundle (kept out of the page: no inline script).
"use strict";
window.addEventListener("load", () => {
  window.SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui" });
});
