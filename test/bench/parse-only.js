// The replay benchmark's floor: read an NDJSON file and JSON.parse every line, on one core.
import { createReadStream } from 'node:fs';

let rest = '';
let n = 0;
for await (const chunk of createReadStream(process.argv[2], { encoding: 'utf8', highWaterMark: 1 << 20 })) {
  const text = rest + chunk;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', start)) {
    if (i > start) {
      JSON.parse(text.slice(start, i));
      n++;
    }
    start = i + 1;
  }
  rest = text.slice(start);
}
if (rest.trim()) {
  JSON.parse(rest);
  n++;
}
process.stdout.write(`${n}\n`);
