// Start the GOV.UK and MOJ components on every page.
import { initAll } from "../vendor/govuk/govuk-frontend.min.js";

initAll();
