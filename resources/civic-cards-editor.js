// Editor code the six dashboard card dialogs share (window.CivicCards): the classic and the Dashboard 2.0 node of
// each card have the same fields, so one copy fills both dialogs. Loaded once by the civic-editor plugin, after
// civic-editor.js, whose helpers it uses (enumSelect, table with column headers, typedInput property).
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

  window.CivicCards = { prepare, save, validRows, validStates };
})();
