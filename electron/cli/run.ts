// The packaged app's command line (resources/cli/concilia.js is this file, built) and the entry
// bin/concilia.js loads. Built, it runs on Node.js 22.12 or newer (from its sources, 22.18: see bin/concilia.js).
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(`concilia needs Node.js 22.12 or newer; this is ${process.versions.node}.\n`);
  process.exit(1);
}
const { launch } = await import('./launch.ts');
await launch();
