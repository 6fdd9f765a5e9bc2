// Runs first in `npm install`, `npm test`, `npm start` and `npm run dev`, under whatever Node the
// machine has: so it is CommonJS in the oldest syntax, and reads the version Concilia needs from
// package.json ("engines"), the one place it is written. An older Node gets one line saying what
// to install and exits 1, instead of failing later with "Map.groupBy is not a function".
'use strict';
var fs = require('fs');
var path = require('path');

var pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
var wanted = /(\d+)\.(\d+)/.exec((pkg.engines && pkg.engines.node) || '');
var need = wanted ? [Number(wanted[1]), Number(wanted[2])] : [22, 12];
var have = process.versions.node.split('.').map(Number);

if (have[0] < need[0] || (have[0] === need[0] && have[1] < need[1])) {
  process.stderr.write(
    'Concilia needs Node.js ' + need[0] + '.' + need[1] + ' or newer, and this is Node.js ' + process.versions.node +
      ': install Node ' + need[0] + ' from https://nodejs.org (or run `nvm install`, which reads .nvmrc), then run the command again.\n',
  );
  process.exit(1);
}
