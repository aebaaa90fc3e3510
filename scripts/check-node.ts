const major = process.versions.node.split('.')[0];
if (major !== '22') {
  console.error(
    `This project runs on Node 22 (Lambda nodejs22.x); this is Node ${process.versions.node}.\n` +
      'Run it through npm (npm test, npm start, npx …) so node_modules/.bin/node from the "node" devDependency is used,\n' +
      'and install with plain `npm ci` (not --ignore-scripts).',
  );
  process.exit(1);
}
