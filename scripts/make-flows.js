#!/usr/bin/env node
'use strict';
// Writes the ready-made flows in flows/ from the descriptions in scripts/flows/, so that repeated parts (one
// dashboard page per house) stay identical and ids stay stable across versions. Run `node scripts/make-flows.js`
// after changing a description and commit the JSON it writes.
//
// Each flow is three files: flows/<name>.json (the domain tab), flows/<name>-ui.json (classic node-red-dashboard,
// /ui) and flows/<name>-dashboard2.json (Dashboard 2.0, /dashboard); `npm start` deploys the domain files and the
// dashboards CIVIC_DASHBOARD chooses. Import ▸ Examples gets a folder per flow (scripts/flows/examples.js): the
// domain tab that runs in any Node-RED, the parts that need another package, and each dashboard, one file each.
const fs = require('fs');
const path = require('path');
const { greenhouseDomain, greenhouseClassic, greenhouseDashboard2 } = require('./flows/greenhouse');
const { soilDomain, soilClassic, soilDashboard2 } = require('./flows/soil');
const { wellnessDomain, wellnessClassic, wellnessDashboard2 } = require('./flows/wellness');
const { kpiDomain, kpiClassic, kpiDashboard2 } = require('./flows/kpi');
const { embedSamples, withDefaults, disableUnready, DASHBOARD_PARTS } = require('./flows/examples');
const { splitDomain } = require('./flows/split');
const { platformDomain, platformClassic, platformDashboard2 } = require('./flows/wellness-platform');

const root = path.resolve(__dirname, '..');
const FLOWS = [
  { name: 'greenhouse', title: '温室モニタリング', domain: greenhouseDomain, classic: greenhouseClassic, dashboard2: greenhouseDashboard2 },
  { name: 'soil', title: '土壌モニタリング', domain: soilDomain, classic: soilClassic, dashboard2: soilDashboard2 },
  { name: 'wellness', title: '健康データ匿名加工', domain: wellnessDomain, classic: wellnessClassic, dashboard2: wellnessDashboard2 },
  { name: 'kpi', title: 'KPIボード', domain: kpiDomain, classic: kpiClassic, dashboard2: kpiDashboard2 },
  { name: 'wellness-platform', title: '健康データ分析', domain: platformDomain, classic: platformClassic, dashboard2: platformDashboard2 },
];
const write = (file, nodes) => fs.writeFileSync(file, `${JSON.stringify(nodes, null, 2)}\n`);
/** Import copies: one node per line (a third smaller than indented JSON, still one line per node in a diff). */
const writeCompact = (file, nodes) => fs.writeFileSync(file, `[\n${nodes.map((n) => JSON.stringify(n)).join(',\n')}\n]\n`);

/** A comment at the top of a part's tab saying which package it needs and how the parts fit together. */
function needsNote(tabId, title, pkg, what) {
  return {
    id: `${tabId}-needs`, type: 'comment', z: tabId, name: `このタブには ${pkg} が必要です`, x: 150, y: 20, wires: [],
    info: `${what}は ${pkg} のノードを使います。メニュー「パレットの管理」▸「ノードを追加」で ${pkg} を入れてから読み込んでください。\n`
      + `「1 ${title}」と一緒に読み込むと、リンクでつながります (順番はどちらが先でもかまいません)。\n`
      + `This tab needs ${pkg}: install it from Manage palette first. It joins "1 ${title}" through link nodes.`,
  };
}

/** A comment on the main tab listing the settings the copy uses instead of npm start's environment variables. */
function settingsNote(tab, x, disabled) {
  const env = (tab.env ?? []).map((e) => `${e.name} = ${e.value}`).join('\n');
  return {
    id: `${tab.id}-example-settings`, type: 'comment', z: tab.id, name: 'この見本の設定 (環境変数は不要)', x, y: 20, wires: [],
    info: 'Import ▸ Examples から読み込んだこのフローは、環境変数なしで動きます。ファイルの場所は Node-RED を起動したフォルダ\n'
      + '(settings.js の fileWorkingDirectory があればそこ) からの相対パスです。\n'
      + (env ? `タブのプロパティ (環境変数) で次の値を変えられます:\n${env}\n` : '')
      + '見本データはテンプレートノードに入っています。市のファイルを読むときは「ファイル入力」ノードに置き換えてください。\n'
      + (disabled ? '名前に「有効に」とあるノードは無効にしてあります: フォルダを作る、読むファイルを指定する、または鍵を設定してから、ノードを有効にしてください。\n' : '')
      + 'No environment variable is needed: paths are relative to the folder Node-RED runs in; the tab properties hold the settings.',
  };
}

/** Writes examples/ready-made flows/<title>/: the main part, the parts needing a package, the two dashboards. */
function writeExamples(f, domain, classic, dashboard2) {
  const dir = path.join(exampleDir, f.title);
  fs.mkdirSync(dir, { recursive: true });
  const files = [];
  const add = (label, nodes, note) => {
    const copy = withDefaults(nodes);
    const tab = copy.find((n) => n.type === 'tab');
    const hasSample = copy.some((n) => n.type === 'template' && /^見本データ/.test(n.name));
    const notes = [note(tab), ...(tab.env || hasSample ? [settingsNote(tab, 700, copy.some((n) => n.d))] : [])].filter(Boolean);
    files.push(`${files.length + 1} ${label}`);
    writeCompact(path.join(dir, `${files.at(-1)}.json`), [...copy, ...notes]);
  };
  const samples = path.join(root, 'flows', 'samples');
  const [main, ...others] = splitDomain(disableUnready(embedSamples(domain, samples)), f.title);
  add(f.title, main.nodes, () => undefined);
  for (const p of others) add(`${p.part} (${p.pkg} が必要)`, p.nodes, (tab) => needsNote(tab.id, f.title, p.pkg, `「${p.part}」`));
  for (const [key, nodes] of [['classic', classic], ['dashboard2', dashboard2]]) {
    const d = DASHBOARD_PARTS[key];
    add(d.label, embedSamples(nodes, samples), (tab) => needsNote(tab.id, f.title, d.pkg, 'この画面'));
  }
  return files;
}

const exampleDir = path.join(root, 'examples', 'ready-made flows');
fs.rmSync(exampleDir, { recursive: true, force: true });
for (const f of FLOWS) {
  const domain = f.domain();
  const classic = f.classic();
  const dashboard2 = f.dashboard2();
  write(path.join(root, 'flows', `${f.name}.json`), domain);
  write(path.join(root, 'flows', `${f.name}-ui.json`), classic);
  write(path.join(root, 'flows', `${f.name}-dashboard2.json`), dashboard2);
  const files = writeExamples(f, domain, classic, dashboard2);
  console.log(`flows/${f.name}{,-ui,-dashboard2}.json: ${domain.length} + ${classic.length} + ${dashboard2.length} nodes`
    + ` (examples: ${f.title}/ ${files.join(' · ')})`);
}
