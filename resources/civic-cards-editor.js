// Editor code of the six dashboard card nodes (window.CivicCards): the classic and the Dashboard 2.0 node of each
// card have the same fields, so one definition registers both and builds both dialogs. Loaded once by the
// civic-editor plugin, after civic-editor.js, whose helpers it uses (enumSelect, table with column headers,
// typedInput property).
(function () {
  'use strict';
  if (window.CivicCards) return;

  const editor = () => window.CivicEditor;
  const enums = () => (window.CivicEnums && window.CivicEnums.enums) || {};

  /** The KPI table: id, title, unit, decimals, each column with its header. */
  function rowsTable(node) {
    const column = (key, width, read) => ({
      key, width, label: node._(node.type + '.columns.' + key), read,
      input: (v) => $('<input type="text">').val(v === undefined || v === null ? '' : v),
    });
    return editor().table($('#node-input-rows-container'), {
      columns: [column('kpi', '34%'), column('label', '34%'), column('unit', '16%'),
        column('decimals', '16%', ($el) => { const v = $el.val().trim(); return v === '' ? '' : Number(v); })],
      items: node.rows || [], newItem: () => ({ kpi: '', label: '', unit: '', decimals: '' }), minWidth: '420px',
    });
  }

  /** One checkbox per alert state a toast can be shown for, labelled in the node's language. */
  function stateChecks(node) {
    const $box = $('#node-input-states-container').empty();
    (enums()['cards.toastStates'] || []).forEach((s) => {
      const id = 'node-input-state-' + s;
      const $check = $('<input type="checkbox">').attr('id', id).val(s).css({ width: 'auto', margin: '0 4px 0 0' })
        .prop('checked', (node.states || []).includes(s));
      $box.append($('<label>').attr('for', id).css({ width: 'auto', 'margin-right': '12px' }).append($check, $('<span>').text(node._(node.type + '.states.' + s))));
    });
  }

  /** Fills the dialog: language, input property, and the card's own table or choices. */
  function prepare(node) {
    editor().enumSelect(node, $('#node-input-lang'), 'cards.langs', node.type + '.langs', node.lang);
    editor().property('property', 'propertyType');
    if ($('#node-input-rows-container').length) node._civicRows = rowsTable(node);
    if ($('#node-input-states-container').length) stateChecks(node);
    if ($('#node-input-position').length) {
      editor().enumSelect(node, $('#node-input-position'), 'cards.toastPositions', node.type + '.positions', node.position);
    }
  }

  /** Reads the table and the choices back into the node (rows without a KPI id are left out). */
  function save(node) {
    if (node._civicRows) {
      node.rows = node._civicRows.items().filter((r) => r.kpi);
      delete node._civicRows;
    }
    if ($('#node-input-states-container').length) {
      node.states = $('#node-input-states-container input:checked').map(function () { return this.value; }).get();
    }
  }

  /** KPI table rows: an id each, decimals empty or 0–6 (as the schema says). */
  function validRows(rows) {
    return Array.isArray(rows) && rows.length <= 100 && rows.every((r) => r && typeof r.kpi === 'string' && r.kpi.length > 0
      && (r.decimals === '' || r.decimals === undefined || (Number.isInteger(r.decimals) && r.decimals >= 0 && r.decimals <= 6)));
  }

  /** At least one known state. */
  function validStates(states) {
    const known = enums()['cards.toastStates'] || [];
    return Array.isArray(states) && states.length > 0 && states.every((s) => known.includes(s));
  }

  // The cards: what each kind adds to the common fields, in dialog order. Both dashboards share one definition;
  // only where the card is placed differs (a classic ui_group, a Dashboard 2.0 ui-group, or a whole ui-base).
  const KINDS = {
    'kpi-card': { color: '#a5d6a7', outputs: 0, size: true, rows: ['rows'] },
    'alert-list': { color: '#ffcc80', outputs: 1, size: true, rows: ['house', 'ackAll'] },
    'alert-toast': { color: '#ffcc80', outputs: 0, size: false, rows: ['states', 'position', 'seconds'] },
  };

  /** The defaults of one card node: common fields, placement, size, then the kind's own. */
  function defaults(type, kind, place, version) {
    const number = (key, min, max, optional) => editor().validators.number(type + '.label.' + key, min, max, optional);
    const d = { name: { value: '' }, version };
    if (place === 'ui-base') d.ui = { type: 'ui-base', required: true };
    else Object.assign(d, { group: { type: place, required: true }, order: { value: 0 } });
    if (KINDS[kind].size) Object.assign(d, { width: { value: 0, validate: number('width', 0, 48, true) }, height: { value: 0, validate: number('height', 0, 48, true) } });
    d.lang = { value: 'ja' };
    if (kind === 'kpi-card') d.rows = { value: [], validate: validRows };
    if (kind === 'alert-list') Object.assign(d, { house: { value: '' }, ackAll: { value: true } });
    if (kind === 'alert-toast') {
      Object.assign(d, { states: { value: ['firing', 'nodata'], validate: validStates }, position: { value: 'top right' }, seconds: { value: 10, validate: number('seconds', 1, 600) } });
    }
    Object.assign(d, { property: { value: 'payload', required: true, validate: RED.validators.typedInput('propertyType') }, propertyType: { value: 'msg' } });
    return d;
  }

  /** One form row: label with icon and catalog key, the input, an optional hint, then anything after it. */
  function row(type, id, icon, input, opts) {
    const o = opts || {};
    const label = '<label' + (input ? ' for="node-input-' + id + '"' : '') + '><i class="fa ' + icon + '"></i> <span data-i18n="'
      + type + '.label.' + id + '"></span></label>';
    const tip = o.hint ? '<div class="form-tips" data-i18n="' + type + '.hint.' + id + '"></div>' : '';
    return '<div class="form-row' + (o.cls ? ' ' + o.cls : '') + '">' + label + (input || '') + tip + (o.after || '') + '</div>';
  }

  /** The edit dialog of one card node, in the order the fields are read. */
  function template(type, kind, place) {
    const wide = (id) => '<input type="text" id="node-input-' + id + '" style="width: 70%">';
    const parts = [row(type, 'name', 'fa-tag', '<input type="text" id="node-input-name">')];
    parts.push(place === 'ui-base' ? row(type, 'ui', 'fa-dashboard', '<input type="text" id="node-input-ui">')
      : row(type, 'group', 'fa-table', '<input type="text" id="node-input-group">'));
    if (KINDS[kind].size) {
      parts.push('<div class="form-row"><label for="node-input-width"><i class="fa fa-arrows-h"></i> <span data-i18n="' + type + '.label.width"></span></label>'
        + '<input type="text" id="node-input-width" style="width: 60px">'
        + '<label for="node-input-height" style="width: auto; margin-left: 16px"><i class="fa fa-arrows-v"></i> <span data-i18n="' + type + '.label.height"></span></label>'
        + '<input type="text" id="node-input-height" style="width: 60px"><div class="form-tips" data-i18n="' + type + '.hint.size"></div></div>');
    }
    parts.push(row(type, 'property', 'fa-sign-in', wide('property') + '<input type="hidden" id="node-input-propertyType">'));
    parts.push(row(type, 'lang', 'fa-language', '<select id="node-input-lang" style="width: 70%"></select>'));
    const own = {
      rows: () => row(type, 'rows', 'fa-th-large', '', { hint: true, cls: 'node-input-rows-row', after: '<ol id="node-input-rows-container"></ol>' }),
      house: () => row(type, 'house', 'fa-home', wide('house'), { hint: true }),
      ackAll: () => row(type, 'ackAll', 'fa-check-square-o', '<input type="checkbox" id="node-input-ackAll" style="width: auto">'),
      states: () => row(type, 'states', 'fa-bell', '<div id="node-input-states-container" style="display: inline-block; width: 70%"></div>', { hint: true }),
      position: () => row(type, 'position', 'fa-arrows', '<select id="node-input-position" style="width: 70%"></select>'),
      seconds: () => row(type, 'seconds', 'fa-clock-o', '<input type="text" id="node-input-seconds" style="width: 80px">'),
    };
    KINDS[kind].rows.forEach((r) => parts.push(own[r]()));
    return parts.join('\n');
  }

  /**
   * Registers one card node and its edit dialog. kind: kpi-card, alert-list or alert-toast; place: the config node
   * it sits in (ui_group for the classic dashboard, ui-group or ui-base for Dashboard 2.0); own.version: the config
   * version default, written in the node's file where the migrations test reads it. The node's help stays in its own
   * file: it differs per dashboard.
   */
  function register(type, kind, place, own) {
    $('<script type="text/html">').attr('data-template-name', type).text(template(type, kind, place)).appendTo(document.body);
    const def = {
      category: 'civic iot', color: KINDS[kind].color, defaults: defaults(type, kind, place, own.version), inputs: 1, outputs: KINDS[kind].outputs,
      icon: type + '.svg',
      paletteLabel: function () { return this._(type + '.paletteLabel'); },
      label: function () { return this.name || this._(type + '.title'); },
      inputLabels: function () { return this._(type + '.inputLabel'); },
      oneditprepare: function () { prepare(this); },
      oneditsave: function () { save(this); },
    };
    if (KINDS[kind].outputs) def.outputLabels = function () { return this._(type + '.outputLabel'); };
    RED.nodes.registerType(type, def);
  }

  window.CivicCards = { prepare, save, validRows, validStates, register };
})();
