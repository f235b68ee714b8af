// @memlab/core (the heap diff) depends on puppeteer, whose install script downloads Chrome; a
// machine without that download host would fail `npm ci` and drop memlab. The lab drives a browser
// only in the console's tests, with puppeteer-core and Debian's chromium (.ci/run installs it).
// puppeteer reads this file from the project root.
module.exports = { skipDownload: true };
