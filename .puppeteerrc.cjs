// Puppeteer must not download a browser: CI and developers use Debian's Chromium at /usr/bin/chromium.
module.exports = { skipDownload: true };
