// Reads a GIFT file with gift-pegjs (the npm parser, not ours) and prints what it understood as
// JSON, so the Python interop tests can check it. Usage: node parse-gift.js FILE
"use strict";
const fs = require("fs");
const { parse } = require("gift-pegjs");

const text = fs.readFileSync(process.argv[2], "utf8");
try {
  process.stdout.write(JSON.stringify(parse(text)));
} catch (err) {
  const where = err.location ? ` at line ${err.location.start.line}, column ${err.location.start.column}` : "";
  process.stderr.write(`gift-pegjs: ${err.message}${where}\n`);
  process.exit(1);
}
