'use strict';
// Splits a ready-made domain tab for its Import ▸ Examples copy: what runs with core nodes and this pack stays in the
// main file; what needs another package (OPTIONAL in examples.js) moves to a file and tab of its own. Wires that cross
// from one file to another become link out → link in pairs; Node-RED joins a pair when either side names the other,
// so the files can be imported in any order (the editor drops a link whose other end is not there yet).
const { OPTIONAL, isFlowNode, refsOf } = require('./examples');

const NONE = -1;

/** Which optional package (index in OPTIONAL) each node needs: by its type, or by a config node it uses. */
function directOwners(nodes, byId) {
  const pkgOf = (n) => OPTIONAL.findIndex((o) => o.types.test(n.type));
  const owner = new Map();
  for (const n of nodes) {
    let k = pkgOf(n);
    for (const ref of refsOf(n, byId)) if (k === NONE && !isFlowNode(ref) && pkgOf(ref) !== NONE) k = pkgOf(ref);
    owner.set(n.id, k);
  }
  return owner;
}

/**
 * A flow node that only feeds one part (the simulator of a Modbus probe), or is only fed by it (the decoder of
 * its registers), belongs to that part: in the main file it would sit there unconnected.
 */
function attachHelpers(nodes, owner) {
  const inputs = new Map();
  for (const n of nodes) for (const t of (n.wires ?? []).flat()) inputs.set(t, [...(inputs.get(t) ?? []), n.id]);
  const sole = (ids) => {
    const parts = new Set(ids.map((id) => owner.get(id)));
    return ids.length > 0 && parts.size === 1 ? [...parts][0] : NONE;
  };
  for (let changed = true; changed;) {
    changed = false;
    for (const n of nodes.filter(isFlowNode)) {
      if (owner.get(n.id) !== NONE || n.type === 'comment' || /^link /.test(n.type)) continue;
      const k = sole((n.wires ?? []).flat()) !== NONE ? sole((n.wires ?? []).flat()) : sole(inputs.get(n.id) ?? []);
      if (k !== NONE) {
        owner.set(n.id, k);
        changed = true;
      }
    }
  }
}

/** Replaces every wire between two parts by a link out in the source's part and a link in before the target. */
function linkAcross(parts, partOfNode, slugs) {
  for (const [pi, part] of parts.entries()) {
    for (const a of [...part.nodes]) {
      (a.wires ?? []).forEach((targets, port) => {
        const away = targets.filter((t) => partOfNode.get(t) !== pi);
        if (away.length === 0) return;
        a.wires[port] = targets.filter((t) => partOfNode.get(t) === pi);
        for (const qi of new Set(away.map((t) => partOfNode.get(t)))) {
          const out = { id: `${a.id}-${port}-to-${slugs[qi]}`, type: 'link out', z: part.tab.id, name: `→ ${parts[qi].tab.label}`, mode: 'link', links: [], x: a.x + 100, y: a.y + 30, wires: [] };
          for (const t of away.filter((x) => partOfNode.get(x) === qi)) {
            const target = parts[qi].nodes.find((n) => n.id === t);
            const inId = `${t}-from-${slugs[pi]}`;
            let entry = parts[qi].nodes.find((n) => n.id === inId);
            if (!entry) {
              entry = { id: inId, type: 'link in', z: parts[qi].tab.id, name: `← ${part.tab.label}`, links: [], x: target.x - 100, y: target.y + 30, wires: [[t]] };
              parts[qi].nodes.push(entry);
            }
            entry.links.push(out.id);
            out.links.push(inId);
          }
          part.nodes.push(out);
        }
      });
    }
  }
}

/**
 * The main part (`pkg` undefined) and one part per optional package the tab uses, each `{ pkg, part, slug, tab,
 * nodes }` with its own tab and the config nodes its nodes use.
 */
function splitDomain(domain, title) {
  const nodes = JSON.parse(JSON.stringify(domain));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const tab = nodes.find((n) => n.type === 'tab');
  const owner = directOwners(nodes, byId);
  attachHelpers(nodes, owner);
  const used = [...new Set(nodes.filter(isFlowNode).map((n) => owner.get(n.id)))].filter((k) => k !== NONE).sort();
  const parts = [{ slug: 'main', tab, nodes: [] }, ...used.map((k) => ({
    ...OPTIONAL[k], tab: { id: `${tab.id}-${OPTIONAL[k].slug}`, type: 'tab', label: `${title}: ${OPTIONAL[k].part}`, disabled: false, info: '' },
    nodes: [], k,
  }))];
  const partOfNode = new Map();
  for (const n of nodes.filter(isFlowNode)) {
    const pi = owner.get(n.id) === NONE ? 0 : parts.findIndex((p) => p.k === owner.get(n.id));
    partOfNode.set(n.id, pi);
    parts[pi].nodes.push({ ...n, z: parts[pi].tab.id });
  }
  linkAcross(parts, partOfNode, parts.map((p) => p.slug));
  return parts.map((p) => {
    const configs = nodes.filter((c) => !isFlowNode(c) && c.type !== 'tab'
      && p.nodes.some((n) => refsOf(n, byId).includes(c)));
    return { pkg: p.pkg, part: p.part, slug: p.slug, tab: p.tab, nodes: [p.tab, ...p.nodes, ...configs] };
  });
}

module.exports = { splitDomain };
