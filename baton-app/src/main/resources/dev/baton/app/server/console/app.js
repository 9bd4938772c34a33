// The Baton console's dashboard. Plain JavaScript, no build step, nothing fetched from elsewhere.
// Every value from a topology or the journal reaches the page as text (textContent, text nodes,
// setAttribute on plain attributes), never as markup: innerHTML is not used anywhere.
'use strict';

const TOKEN_KEY = 'baton.token';
const main = document.getElementById('main');
let current = null; // what the page shows now, with its AbortController for streams

// ---- small helpers ----------------------------------------------------------------------------

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'on') {
      for (const [ev, fn] of Object.entries(v)) e.addEventListener(ev, fn);
    } else {
      e.setAttribute(k, String(v));
    }
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

function token() {
  return sessionStorage.getItem(TOKEN_KEY) || '';
}

function headers(extra) {
  const h = Object.assign({}, extra || {});
  if (token()) h.Authorization = 'Bearer ' + token();
  return h;
}

class ApiError extends Error {
  constructor(status, sentence) {
    super(sentence);
    this.status = status;
  }
}

async function api(path, options) {
  const o = Object.assign({cache: 'no-store'}, options || {});
  o.headers = headers(Object.assign({Accept: 'application/json'}, o.headers || {}));
  const res = await fetch(path, o);
  const text = await res.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch (e) {
    body = null;
  }
  if (!res.ok) throw new ApiError(res.status, (body && body.error) || res.status + ' ' + res.statusText);
  return body;
}

function post(path, body) {
  return api(path, {method: 'POST', body: JSON.stringify(body || {}),
    headers: {'Content-Type': 'application/json'}});
}

function debounce(fn, ms) {
  let t = null;
  return () => {
    clearTimeout(t);
    t = setTimeout(fn, ms);
  };
}

function sleep(ms, signal) {
  return new Promise(resolve => {
    const t = setTimeout(resolve, ms);
    if (signal) signal.addEventListener('abort', () => { clearTimeout(t); resolve(); });
  });
}

// Server-Sent Events over fetch, so that the token goes in a header and never in a URL. On a
// dropped connection it reconnects with Last-Event-ID and the server replays what was missed.
async function stream(path, lastId, onEvent, signal) {
  while (!signal.aborted) {
    try {
      const h = headers({Accept: 'text/event-stream'});
      if (lastId !== null && lastId !== undefined) h['Last-Event-ID'] = String(lastId);
      const res = await fetch(path, {headers: h, signal, cache: 'no-store'});
      if (!res.ok || !res.body) throw new Error('stream ' + res.status);
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const {value, done} = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, {stream: true}).replace(/\r\n/g, '\n');
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const ev = parseBlock(block);
          if (ev.data !== '') {
            if (ev.id) lastId = ev.id;
            try {
              onEvent(ev.event, JSON.parse(ev.data));
            } catch (e) {
              console.warn('event not shown', e);
            }
          }
        }
      }
    } catch (e) {
      if (signal.aborted) return;
    }
    await sleep(1000, signal);
  }
}

function parseBlock(block) {
  const ev = {event: 'message', data: '', id: null};
  const data = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const i = line.indexOf(':');
    const field = i < 0 ? line : line.slice(0, i);
    const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
    if (field === 'event') ev.event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id') ev.id = value;
  }
  ev.data = data.join('\n');
  return ev;
}

async function blobUrl(path) {
  const res = await fetch(path, {headers: headers(), cache: 'no-store'});
  if (!res.ok) throw new ApiError(res.status, 'cannot load ' + path);
  return URL.createObjectURL(await res.blob());
}

function statusTag(status) {
  return el('span', {class: 'status ' + status}, status);
}

function replaceMain(...nodes) {
  main.replaceChildren(...nodes);
}

// ---- who is reading ---------------------------------------------------------------------------

async function showWho() {
  const who = document.getElementById('who');
  try {
    const me = await api('/api/whoami');
    who.textContent = me.name ? 'acting as ' + me.name + ' (' + me.access + ')' : 'reading anonymously';
  } catch (e) {
    who.textContent = e.status === 401 ? 'this console needs a token' : e.message;
  }
}

document.getElementById('token-form').addEventListener('submit', ev => {
  ev.preventDefault();
  const input = document.getElementById('token');
  sessionStorage.setItem(TOKEN_KEY, input.value.trim());
  input.value = '';
  showWho();
  route();
});
document.getElementById('token-clear').addEventListener('click', () => {
  sessionStorage.removeItem(TOKEN_KEY);
  showWho();
  route();
});

// ---- the runs page ----------------------------------------------------------------------------

async function runsPage(signal) {
  const filters = {status: '', system: '', waiting: false};
  const waitingBox = el('section', {id: 'waiting'});
  const table = el('tbody', {id: 'runs'});
  const systemsBox = el('section', {id: 'systems'});
  const statusSelect = el('select', {id: 'filter-status'},
    ['', 'running', 'halted', 'failed', 'done', 'aborted'].map(s => el('option', {value: s}, s || 'any status')));
  const systemInput = el('input', {id: 'filter-system', placeholder: 'system'});
  const waitingCheck = el('input', {id: 'filter-waiting', type: 'checkbox'});
  replaceMain(
    el('h1', {}, 'Waiting for approval'), waitingBox,
    el('h2', {}, 'Runs'),
    el('div', {class: 'filters'}, statusSelect, systemInput,
      el('label', {}, waitingCheck, ' waiting for approval only')),
    el('table', {}, el('thead', {}, el('tr', {}, ['run', 'system', 'strategy', 'to', 'status', 'updated']
      .map(h => el('th', {}, h)))), table),
    el('h2', {}, 'Systems'), systemsBox);

  const refresh = async () => {
    const q = new URLSearchParams();
    if (filters.status) q.set('status', filters.status);
    if (filters.system) q.set('system', filters.system);
    if (filters.waiting) q.set('waiting', 'true');
    try {
      const [waiting, runs] = await Promise.all([api('/api/runs?waiting=true'), api('/api/runs?' + q)]);
      waitingBox.replaceChildren(...(waiting.length ? waiting.map(waitingCard)
        : [el('p', {class: 'quiet'}, 'nothing waits for approval')]));
      table.replaceChildren(...runs.map(runRow));
    } catch (e) {
      waitingBox.replaceChildren(el('p', {class: 'error'}, e.message));
    }
  };
  statusSelect.addEventListener('change', () => { filters.status = statusSelect.value; refresh(); });
  systemInput.addEventListener('change', () => { filters.system = systemInput.value.trim(); refresh(); });
  waitingCheck.addEventListener('change', () => { filters.waiting = waitingCheck.checked; refresh(); });
  await refresh();
  systemsSection(systemsBox);
  const later = debounce(refresh, 300);
  stream('/api/events', null, () => later(), signal);
}

function waitingCard(r) {
  const w = r.waiting || {};
  const gate = w.gate || {};
  return el('div', {class: 'waiting-card', 'data-run': r.run},
    el('a', {href: '#/run/' + encodeURIComponent(r.run)}, r.system + ': ' + (w.title || w.step)),
    ' ', el('span', {class: 'id'}, r.run),
    el('div', {}, gate.text || w.sentence || ''),
    el('div', {class: 'quiet'}, (gate.kind || 'gate') + ': ' + (w.approvedBy || []).length + ' of ' +
      (gate.needs || 1) + ' approvals' + ((w.approvedBy || []).length ? ' (' + w.approvedBy.join(', ') + ')' : '')));
}

function runRow(r) {
  return el('tr', {'data-run': r.run},
    el('td', {}, el('a', {href: '#/run/' + encodeURIComponent(r.run)}, r.run)),
    el('td', {}, r.system), el('td', {}, r.strategy), el('td', {}, r.targetVersion || ''),
    el('td', {}, statusTag(r.status), r.waiting ? el('span', {class: 'gate-tag'}, 'waits for approval') : null),
    el('td', {}, r.updatedAt || ''));
}

async function systemsSection(box) {
  let systems;
  try {
    systems = await api('/api/systems');
  } catch (e) {
    box.replaceChildren(el('p', {class: 'error'}, e.message));
    return;
  }
  if (!systems.length) {
    box.replaceChildren(el('p', {class: 'quiet'}, 'no topology given to this console (baton serve --topology FILE)'));
    return;
  }
  const system = el('select', {id: 'start-system'}, systems.map(s => el('option', {value: s.system}, s.system)));
  const strategy = el('input', {id: 'start-strategy', value: 'takeover', size: 12});
  const to = el('input', {id: 'start-to', placeholder: 'to version', size: 8});
  const options = el('input', {id: 'start-options', placeholder: 'options: name=value, …', size: 30});
  const out = el('div', {id: 'start-result'});
  const goal = () => {
    const opts = {};
    for (const pair of options.value.split(',').map(s => s.trim()).filter(Boolean)) {
      const i = pair.indexOf('=');
      if (i > 0) opts[pair.slice(0, i)] = pair.slice(i + 1);
    }
    return opts;
  };
  const planButton = el('button', {id: 'plan', type: 'button', on: {click: async () => {
    const q = new URLSearchParams({strategy: strategy.value});
    if (to.value) q.set('to', to.value);
    for (const [k, v] of Object.entries(goal())) q.append('set', k + '=' + v);
    try {
      const plan = await api('/api/systems/' + encodeURIComponent(system.value) + '/plan?' + q);
      out.replaceChildren(planView(plan));
    } catch (e) {
      out.replaceChildren(el('p', {class: 'error'}, e.message));
    }
  }}}, 'Plan');
  const startButton = el('button', {id: 'start', type: 'button', on: {click: async () => {
    try {
      const body = {system: system.value, strategy: strategy.value, options: goal()};
      if (to.value) body.to = to.value;
      const r = await post('/api/runs', body);
      location.hash = '#/run/' + encodeURIComponent(r.run);
    } catch (e) {
      out.replaceChildren(el('p', {class: 'error'}, e.message));
    }
  }}}, 'Start');
  box.replaceChildren(el('div', {class: 'filters'}, system, strategy, to, options, planButton, startButton), out);
}

function planView(plan) {
  const rows = [];
  for (const phase of plan.phases) {
    for (const s of phase.steps) {
      const refused = (s.guards || []).filter(g => g.refusalNow);
      rows.push(el('tr', {},
        el('td', {}, s.number), el('td', {}, s.title, s.pointOfNoReturn ? el('span', {class: 'pnr'}, 'point of no return') : null),
        el('td', {}, s.gate || ''),
        el('td', {}, refused.length ? refused.map(g => el('div', {class: 'error'}, g.name + ': ' + g.refusalNow)) : 'guards pass now')));
    }
  }
  return el('div', {},
    el('p', {class: plan.refusedNow ? 'error' : 'quiet'}, plan.preflight || 'nothing refuses this plan now'),
    el('table', {}, el('tr', {}, ['#', 'step', 'gate', 'refused now'].map(h => el('th', {}, h))), rows));
}

// ---- the run page -----------------------------------------------------------------------------

async function runPage(runId, signal) {
  let run;
  try {
    run = await api('/api/runs/' + encodeURIComponent(runId));
  } catch (e) {
    replaceMain(el('p', {class: 'error'}, e.message));
    return;
  }
  const steps = el('ol', {id: 'steps'});
  const gateBox = el('section', {id: 'gate-box'});
  const message = el('div', {id: 'message', role: 'status'});
  const picture = el('img', {id: 'picture', alt: 'the system ' + run.system});
  const details = el('div', {id: 'system-details'});
  const workload = el('section', {id: 'workload'});
  const head = el('div', {id: 'run-head'});
  const actions = el('div', {id: 'actions'});
  replaceMain(head, message, actions,
    el('div', {class: 'cols'},
      el('section', {}, gateBox, el('h2', {}, 'Checklist'), steps),
      el('section', {}, el('h2', {}, 'System'), el('div', {class: 'picture'}, picture), details,
        el('h2', {}, 'Unavailability'), workload)));

  const draw = r => {
    run = r;
    head.replaceChildren(
      el('h1', {}, r.strategy + ' of ' + r.system + (r.targetVersion ? ' to ' + r.targetVersion : ''), ' ',
        el('span', {id: 'run-status', class: 'status ' + r.status}, r.status)),
      el('div', {class: 'id'}, r.run + ' · started ' + (r.createdAt || '') + (r.runningHere ? ' · running in this console' : '')),
      r.ending ? el('p', {id: 'ending'}, r.ending) : null);
    steps.replaceChildren(...r.steps.map(stepItem));
    drawActions(r);
    drawWorkload(r.workload);
  };
  const drawActions = r => {
    const buttons = [];
    if ((r.status === 'halted' || r.status === 'failed') && !r.waiting) {
      buttons.push(el('button', {id: 'resume', type: 'button', on: {click: () => act('resume')}}, 'Resume'));
    }
    if ((r.status === 'halted' || r.status === 'failed') && !r.waiting) {
      buttons.push(el('button', {id: 'abort', class: 'abort', type: 'button', on: {click: () => act('abort')}}, 'Abort'));
    }
    buttons.push(el('button', {id: 'report', type: 'button', on: {click: download}}, 'Download the HTML report'));
    actions.replaceChildren(...buttons);
  };
  const drawWorkload = w => {
    workload.replaceChildren(w ? el('table', {}, Object.entries(w).map(([k, v]) =>
      el('tr', {}, el('td', {}, k), el('td', {}, String(v)))))
      : el('p', {class: 'quiet'}, 'no workload client ran during this run: nothing measured'));
  };
  const act = async what => {
    try {
      const r = await post('/api/runs/' + encodeURIComponent(runId) + '/' + what, {});
      message.className = '';
      message.textContent = r.sentence || what;
    } catch (e) {
      message.className = 'error';
      message.textContent = e.message;
    }
    refresh();
  };
  const download = async () => {
    try {
      const url = await blobUrl('/api/runs/' + encodeURIComponent(runId) + '/report.html');
      const a = el('a', {href: url, download: runId + '.html'});
      document.body.append(a);
      a.click();
      a.remove();
    } catch (e) {
      message.textContent = e.message;
    }
  };
  const drawGate = async () => {
    if (!run.waiting) {
      gateBox.replaceChildren();
      return;
    }
    let g;
    try {
      g = await api('/api/runs/' + encodeURIComponent(runId) + '/gate');
    } catch (e) {
      gateBox.replaceChildren(el('div', {id: 'gate'}, el('p', {class: 'error'}, e.message)));
      return;
    }
    gateBox.replaceChildren(gateView(g, () => approve(), () => act('abort')));
  };
  const approve = async () => {
    try {
      const r = await post('/api/runs/' + encodeURIComponent(runId) + '/approve', {step: run.waiting.step});
      message.className = '';
      message.textContent = r.sentence;
    } catch (e) {
      message.className = 'error';
      message.textContent = e.message;
    }
    refresh();
  };
  const drawPicture = async () => {
    try {
      const url = await blobUrl('/api/runs/' + encodeURIComponent(runId) + '/picture.svg');
      const old = picture.src;
      picture.src = url;
      if (old && old.startsWith('blob:')) URL.revokeObjectURL(old);
      const view = await api('/api/runs/' + encodeURIComponent(runId) + '/system');
      details.replaceChildren(systemDetails(view));
    } catch (e) {
      details.replaceChildren(el('p', {class: 'error'}, e.message));
    }
  };
  const refresh = async () => {
    try {
      draw(await api('/api/runs/' + encodeURIComponent(runId)));
      drawGate();
    } catch (e) {
      message.textContent = e.message;
    }
  };
  const later = debounce(refresh, 250);
  const laterPicture = debounce(drawPicture, 400);

  draw(run);
  drawGate();
  drawPicture();
  // Each event updates its step at once; the full state follows from the REST resource.
  stream('/api/runs/' + encodeURIComponent(runId) + '/events', run.lastEventId, (type, e) => {
    const li = e.step ? steps.querySelector('li[data-step="' + CSS.escape(e.step) + '"]') : null;
    if (li && type === 'step.acting') setState(li, 'acting', '', null);
    if (li && type === 'step.decided') setState(li, e.decision, e.sentence, e.ms);
    if (li && type === 'gate.waiting') setState(li, 'waiting', e.sentence, null);
    if (type.startsWith('run.')) {
      const s = document.getElementById('run-status');
      if (s && e.status) {
        s.textContent = e.status;
        s.className = 'status ' + e.status;
      }
    }
    later();
    if (type === 'step.decided' || type.startsWith('run.')) laterPicture();
  }, signal);
}

function stepItem(s) {
  const li = el('li', {'data-step': s.id, class: 's-' + s.state.replace(/ /g, '-')},
    el('span', {class: 'num'}, s.number + '.'),
    el('span', {class: 'state'}, s.state),
    el('span', {class: 'title'}, s.title),
    s.pointOfNoReturn ? el('span', {class: 'pnr'}, 'point of no return') : null,
    s.gate ? el('span', {class: 'gate-tag', title: s.gate.text}, s.gate.kind + ' gate') : null,
    el('span', {class: 'ms'}, s.ms ? s.ms + ' ms' : ''),
    el('span', {class: 'sentence'}, s.sentence || ''),
    s.approvedBy && s.approvedBy.length ? el('span', {class: 'sentence quiet'}, 'approved by ' + s.approvedBy.join(', ')) : null,
    s.evidence ? el('details', {}, el('summary', {}, 'evidence'), el('pre', {}, s.evidence)) : null);
  return li;
}

function setState(li, state, sentence, ms) {
  li.className = 's-' + String(state).replace(/ /g, '-');
  li.querySelector('.state').textContent = state;
  if (sentence !== '') li.querySelector('.sentence').textContent = sentence || '';
  if (ms !== null && ms !== undefined) li.querySelector('.ms').textContent = ms + ' ms';
}

function gateView(g, onApprove, onAbort) {
  return el('div', {id: 'gate', 'data-step': g.step},
    el('div', {class: 'gate-text', id: 'gate-text'}, g.text),
    el('p', {}, 'Step: ' + g.title, g.pointOfNoReturn ? el('span', {class: 'pnr'}, 'point of no return') : null),
    el('p', {id: 'gate-approvals'}, g.kind + ' gate: ' + g.approvedBy.length + ' of ' + g.needs + ' approvals' +
      (g.approvedBy.length ? ' (' + g.approvedBy.join(', ') + ')' : '')),
    el('h2', {}, 'Guards, checked on facts observed ' + (g.observedAt ? 'at ' + g.observedAt : 'now: ' + g.observationProblem)),
    el('table', {id: 'gate-guards'}, el('tr', {}, ['guard', 'requires', 'now'].map(h => el('th', {}, h))),
      g.guards.map(x => el('tr', {}, el('td', {}, x.name), el('td', {}, x.requires),
        el('td', {class: x.refusalNow ? 'error' : ''}, x.refusalNow || 'passes')))),
    g.guards.length ? null : el('p', {class: 'quiet'}, 'this step has no guard'),
    el('details', {}, el('summary', {}, 'facts the guards read (' + g.facts.length + ')'),
      el('table', {id: 'gate-facts'}, g.facts.map(f => el('tr', {}, el('td', {}, f.fact), el('td', {}, f.value),
        el('td', {class: 'quiet'}, f.source))))),
    el('h2', {}, 'What an abort would still undo'),
    g.undo.length ? el('ol', {id: 'gate-undo'}, g.undo.map(u => el('li', {}, u.title + ' — undo: ' + u.undo)))
      : el('p', {id: 'gate-undo', class: 'quiet'}, 'nothing: no step with an undo was done since the last point of no return'),
    el('div', {}, el('button', {id: 'approve', class: 'approve', type: 'button', on: {click: onApprove}}, 'Approve'), ' ',
      el('button', {id: 'abort', class: 'abort', type: 'button', on: {click: onAbort}}, 'Abort')));
}

function systemDetails(view) {
  const rows = [];
  for (const side of view.sides) {
    for (const node of side.nodes) {
      for (const c of node.components) {
        rows.push(el('tr', {}, el('td', {}, c.name), el('td', {}, node.name),
          el('td', {}, (c.role || '?') + ' · ' + (c.version || '?') + (c.observed ? '' : ' (declared)')),
          el('td', {}, Object.entries(c.properties).map(([k, v]) => el('div', {}, k + ' = ' + v)))));
      }
    }
  }
  for (const e of view.entryPoints) {
    rows.push(el('tr', {}, el('td', {}, e.name), el('td', {}, e.redirection),
      el('td', {}, '→ ' + e.pointsAt + (e.observed ? '' : ' (declared)')),
      el('td', {}, Object.entries(e.properties).map(([k, v]) => el('div', {}, k + ' = ' + v)))));
  }
  for (const l of view.links) {
    rows.push(el('tr', {}, el('td', {}, l.name), el('td', {}, l.kind),
      el('td', {}, l.from + (l.bidirectional ? ' ↔ ' : ' → ') + l.to),
      el('td', {}, (l.state || 'state ?') + (l.lagBytes !== null && l.lagBytes !== undefined ? ', lag ' + l.lagBytes + ' B' : ''))));
  }
  return el('table', {id: 'system-properties'},
    el('tr', {}, ['part', 'where', 'role · version / target', 'properties / state'].map(h => el('th', {}, h))), rows);
}

// ---- routing ----------------------------------------------------------------------------------

function route() {
  if (current) current.abort();
  current = new AbortController();
  const m = location.hash.match(/^#\/run\/(.+)$/);
  if (m) runPage(decodeURIComponent(m[1]), current.signal);
  else runsPage(current.signal);
}

window.addEventListener('hashchange', route);
showWho();
route();
