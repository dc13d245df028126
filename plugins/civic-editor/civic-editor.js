'use strict';
// Runtime half of the editor plugin: registering it makes Node-RED load civic-editor.html (and its catalogs) into
// the editor once, before any node definition, so the shared editor code (resources/civic-editor.js) and the
// enumerations from lib (resources/civic-enums.js) are there when the dialogs open. Nothing runs at runtime.
module.exports = function register(RED) {
  RED.plugins.registerPlugin('civic-editor', { type: 'civic-iot-editor' });
};
