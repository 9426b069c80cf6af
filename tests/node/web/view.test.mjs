// view.test.mjs — `view` parsing (web/js/view.mjs) against the panel registry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VIEW_NAMES, parseView, viewMessage } from '../../../web/js/view.mjs';
import { PANELS } from '../../../web/js/panels/registry.mjs';

test('the view names are settings, controls, every registered panel and export, in screen order', () => {
  assert.deepEqual(Object.keys(VIEW_NAMES), ['settings', 'controls', ...PANELS.map((p) => p.key), 'export']);
  // The names the embeds document (docs/page.md) are all there, whatever panels are added.
  for (const name of ['settings', 'controls', 'grad', 'heatmap', 'loss', 'bptt', 'params', 'gates', 'samples', 'export']) {
    assert.ok(VIEW_NAMES[name], name);
  }
});

test('lists, spaces, case and all', () => {
  assert.deepEqual([...parseView('grad, Loss controls').panels], ['grad', 'loss', 'controls']);
  assert.equal(parseView('all').panels.size, Object.keys(VIEW_NAMES).length);
  assert.equal(parseView('').panels.size, Object.keys(VIEW_NAMES).length, 'empty means all');
  assert.equal(parseView(undefined).panels.size, Object.keys(VIEW_NAMES).length);
});

test('unknown names are reported, the known ones kept', () => {
  const v = parseView('grad,chart,loss,nope');
  assert.deepEqual([...v.panels], ['grad', 'loss']);
  assert.deepEqual(v.unknown, ['chart', 'nope']);
  assert.match(viewMessage(v.unknown), /view: unknown panel "chart", "nope"; the panels are settings, controls, grad/);
  assert.equal(viewMessage([]), null);
  assert.equal(parseView('nope').panels.size, Object.keys(VIEW_NAMES).length, 'nothing known: all');
});

test('every panel definition has the interface the lab loops over', () => {
  for (const p of PANELS) {
    for (const k of ['key', 'title', 'explainer', 'view']) assert.equal(typeof p[k], 'string', `${p.key}.${k}`);
    assert.equal(typeof p.create, 'function', `${p.key}.create`);
  }
  assert.equal(new Set(PANELS.map((p) => p.key)).size, PANELS.length, 'keys are unique');
});
