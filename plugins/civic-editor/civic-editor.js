'use strict';
// Runtime half of the editor plugin. Registering it makes Node-RED load civic-editor.html (and its catalogs) into
// the editor once, before any node definition, so the shared editor code (resources/civic-editor.js) and the
// enumerations from lib (resources/civic-enums.js) are there when the dialogs open.
// It also answers the editor's question "what does this saved config look like today?": configs saved by an older
// version of the pack are migrated by the same steps the runtime applies on deploy (lib/migrations), so a dialog
// shows and saves the current shape instead of marking old nodes invalid.
const path = require('path');

module.exports = function register(RED) {
  RED.plugins.registerPlugin('civic-editor', { type: 'civic-iot-editor' });
  if (!RED.httpAdmin) return;
  const { migrateConfig } = require(path.join(__dirname, '..', '..', 'dist', 'lib', 'migrations'));
  // loading the library registers every area's migration steps (some live beside their domain code)
  require(path.join(__dirname, '..', '..', 'dist', 'lib'));
  const guard = RED.auth && RED.auth.needsPermission ? RED.auth.needsPermission('flows.read') : (_q, _s, next) => next();
  RED.httpAdmin.post('/civic-iot/migrate', guard, (req, res) => {
    const nodes = req.body && Array.isArray(req.body.nodes) ? req.body.nodes.slice(0, 10000) : [];
    res.json(nodes.map((n) => {
      if (!n || typeof n.type !== 'string' || !/^civic-/.test(n.type) || !n.config || typeof n.config !== 'object') {
        return { id: n && n.id, error: 'bad request' };
      }
      try {
        return { id: n.id, config: migrateConfig(n.type, n.config) };
      } catch (err) {
        // a config from a newer pack, or an unknown version: the dialog keeps what was saved
        return { id: n.id, error: 'cannot migrate' };
      }
    }));
  });
};
