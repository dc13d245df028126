#!/usr/bin/env node
'use strict';
// Sets the project's GitHub repository everywhere it is named: package.json (repository, bugs, homepage) and the
// README's links, which are absolute because docs/ and the screenshots are not in the npm package (the palette
// manager and npm show the README alone). The repository URL shipped today is a placeholder until the city
// publishes the repository:
//   node scripts/set-repository.js https://github.com/<owner>/<name>
// With --check it only verifies that every README link into the repository uses package.json's repository and
// points at a file that exists (exit 1 otherwise).
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const pkgFile = path.join(root, 'package.json');
const readmeFile = path.join(root, 'README.md');

/** https://github.com/<owner>/<name> from package.json's repository URL. */
function repositoryBase(pkg) {
  const url = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url ?? '';
  const m = /github\.com[/:]([^/]+)\/([^/#]+?)(\.git)?$/.exec(url);
  if (!m) throw new Error(`package.json repository is not a GitHub URL: ${url}`);
  return `https://github.com/${m[1]}/${m[2]}`;
}

/** Where a repository file is shown: images as raw files (they are embedded), anything else on the GitHub page. */
function linkTo(base, file, branch = 'main') {
  const [p, anchor] = file.split('#');
  const raw = /\.(png|jpe?g|gif|svg)$/i.test(p);
  const url = raw ? `${base.replace('https://github.com/', 'https://raw.githubusercontent.com/')}/${branch}/${p}` : `${base}/blob/${branch}/${p}`;
  return anchor ? `${url}#${anchor}` : url;
}

/** Every link target in a Markdown text: [text](target) and <img src="target">. */
function linkTargets(text) {
  return [...text.matchAll(/\]\(([^)\s]+)\)|src="([^"]+)"/g)].map((m) => m[1] ?? m[2]);
}

/** The repository path a link points at (undefined for links outside the repository and in-page anchors). */
function repoPath(base, target) {
  const raw = base.replace('https://github.com/', 'https://raw.githubusercontent.com/');
  for (const prefix of [`${base}/blob/main/`, `${base}/tree/main/`, `${raw}/main/`]) {
    if (target.startsWith(prefix)) return target.slice(prefix.length).split('#')[0];
  }
  return /^[a-z]+:|^#/i.test(target) ? undefined : target.split('#')[0];
}

function rewrite(newBase) {
  const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
  const oldBase = repositoryBase(pkg);
  pkg.repository = { type: 'git', url: `git+${newBase}.git` };
  pkg.bugs = { url: `${newBase}/issues` };
  pkg.homepage = `${newBase}#readme`;
  fs.writeFileSync(pkgFile, `${JSON.stringify(pkg, null, 2)}\n`);
  let text = fs.readFileSync(readmeFile, 'utf8');
  for (const target of new Set(linkTargets(text))) {
    const p = repoPath(oldBase, target);
    if (p === undefined) continue;
    const anchor = target.includes('#') ? `#${target.split('#')[1]}` : '';
    text = text.split(`(${target})`).join(`(${linkTo(newBase, p + anchor)})`).split(`src="${target}"`).join(`src="${linkTo(newBase, p + anchor)}"`);
  }
  fs.writeFileSync(readmeFile, text);
}

/** Problems with the README's links into the repository (relative, another repository, missing file). */
function check() {
  const base = repositoryBase(JSON.parse(fs.readFileSync(pkgFile, 'utf8')));
  const problems = [];
  for (const target of linkTargets(fs.readFileSync(readmeFile, 'utf8'))) {
    const p = repoPath(base, target);
    if (p === undefined) continue;
    if (!/^https:/.test(target)) problems.push(`relative link ${target}: use ${linkTo(base, target)}`);
    else if (!fs.existsSync(path.join(root, p))) problems.push(`${target}: no file ${p} in the repository`);
  }
  return problems;
}

module.exports = { check, repositoryBase, linkTo };

if (require.main === module) {
  const arg = process.argv[2];
  if (arg === '--check') {
    const problems = check();
    for (const p of problems) console.error(p);
    process.exit(problems.length ? 1 : 0);
  } else if (arg && /^https:\/\/github\.com\/[^/]+\/[^/]+$/.test(arg)) {
    rewrite(arg.replace(/\.git$/, ''));
  } else {
    console.error('usage: node scripts/set-repository.js https://github.com/<owner>/<name> | --check');
    process.exit(2);
  }
}
