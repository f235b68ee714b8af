// @memlab/core (the heap diff) depends on puppeteer, whose install script downloads Chrome.
// The lab never drives a browser, and a machine without that download host would fail
// `npm ci` and drop memlab; puppeteer reads this file from the project root.
module.exports = { skipDownload: true };
