// The "Print" button: shown only when JavaScript can print the page (hidden by default in the HTML).
for (const button of document.querySelectorAll("[data-print-button]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
