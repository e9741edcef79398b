// Writes the browser benchmark's lead CSV (bench/data.mjs, same seed) to a file, for native runs
// such as examples/import_bench.rs: `node bench/gen-csv.mjs 100000 /tmp/leads-100k.csv`.
import { writeFileSync } from 'node:fs';
import { generate } from './data.mjs';

const [count, out] = process.argv.slice(2);
if (!(Number(count) > 0) || !out) {
  console.error('usage: node bench/gen-csv.mjs <leads> <out.csv>');
  process.exit(2);
}
const { csv } = generate(Number(count));
writeFileSync(out, csv);
console.log(`${count} leads, ${Buffer.byteLength(csv)} bytes → ${out}`);
