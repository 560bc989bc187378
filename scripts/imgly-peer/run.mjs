// Benchmark peer: removes the backgrounds of images, one after another, with @imgly/background-removal-node's
// removeBackground, and writes each result's alpha as a PNG next to its image ("<image>.peer-alpha.png").
//
// Usage:
//   node run.mjs <list file>   images listed one path per line; prints one JSON object with the ms per image
//   node run.mjs --serve       reads image paths from stdin, one per line, and answers each with one JSON line as
//                              soon as it is done, so a caller can alternate its own work with the peer's under the
//                              same machine load
// The first image is cut out once before the timed calls: that call loads the model (its ms is reported apart).
//
// The package is AGPL-3.0: it is installed at benchmark time into target/ (see README, "Benchmarks") and used
// only there, never by the product. This file and package.json are copied beside its node_modules to run.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import readline from 'node:readline';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

function fail(message) {
  process.stderr.write(`imgly peer: ${message}\n`);
  process.exit(2);
}

const argument = process.argv[2];
if (!argument) {
  fail('usage: node run.mjs <file listing one image path per line> | node run.mjs --serve');
}

let removeBackground;
let sharp;
let packageVersion;
let distDir;
try {
  const entry = require.resolve('@imgly/background-removal-node');
  distDir = path.dirname(entry);
  packageVersion = JSON.parse(await readFile(path.join(distDir, '..', 'package.json'), 'utf8')).version;
  ({ removeBackground } = await import(pathToFileURL(entry).href));
  sharp = require('sharp');
} catch (error) {
  fail(`@imgly/background-removal-node is not installed beside ${import.meta.url} (${error.message}); `
    + 'run npm install there first (README, "Benchmarks")');
}

const MEDIA_TYPES = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.webp': 'image/webp' };
const config = {
  // the weights ship inside the package: load them from disk, never from the network
  publicPath: pathToFileURL(distDir).href + '/',
  model: 'medium',
  output: { format: 'image/png' },
};

async function cutOut(image) {
  const type = MEDIA_TYPES[path.extname(image).toLowerCase()];
  if (!type) {
    throw new Error(`${image}: only ${Object.keys(MEDIA_TYPES).join(', ')} images are supported`);
  }
  // a Blob with an explicit type: the package cannot sniff the format of a bare buffer
  const blob = new Blob([await readFile(image)], { type });
  const started = process.hrtime.bigint();
  const result = await removeBackground(blob, config);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { result, ms };
}

/** Cuts one image out (timed), writes its alpha beside it, returns what was measured. */
async function measure(image) {
  const { result, ms } = await cutOut(image);
  const alpha = `${image}.peer-alpha.png`;
  await sharp(Buffer.from(await result.arrayBuffer())).ensureAlpha().extractChannel(3).png().toFile(alpha);
  return { image, alpha, ms: Math.round(ms * 10) / 10 };
}

const header = { peer: '@imgly/background-removal-node', version: packageVersion, model: config.model };

if (argument === '--serve') {
  let warm = false;
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    const image = line.trim();
    if (!image) {
      continue;
    }
    try {
      let warmupMs;
      if (!warm) {
        warmupMs = Math.round((await cutOut(image)).ms);
        warm = true;
      }
      process.stdout.write(JSON.stringify({ ...header, ...(await measure(image)), warmupMs }) + '\n');
    } catch (error) {
      process.stdout.write(JSON.stringify({ ...header, image, error: error.message }) + '\n');
    }
  }
} else {
  const images = (await readFile(argument, 'utf8')).split('\n').map((line) => line.trim()).filter(Boolean);
  if (images.length === 0) {
    fail(`${argument} lists no images`);
  }
  const warmup = await cutOut(images[0]);
  const results = [];
  for (const image of images) {
    results.push(await measure(image));
  }
  const total = results.reduce((sum, r) => sum + r.ms, 0);
  process.stdout.write(JSON.stringify({
    ...header,
    warmupMs: Math.round(warmup.ms),
    meanMs: Math.round(total / results.length),
    imagesPerSecond: results.length / (total / 1000),
    images: results,
  }) + '\n');
}
