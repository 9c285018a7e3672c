// The fake Lepton dashboard. Reads only the fake's control plane (/fake/v1/..., which takes no
// token: the page never holds the workspace token) and redraws every second while the tab is
// visible. Every text that comes from the fake (names, messages, log lines, specs) is put into
// the page as text (textContent, text nodes), never parsed as HTML.
//
// The address's fragment holds the view: #job=<id> opens a job. For tests driving a headless
// browser that cannot click, #...&click=<button id> clicks that button once, after the first
// complete drawing, exactly as a person would (the same handler runs).
'use strict';

const PAGE_SIZE = 50;
const POLL_MS = 1000;
const JOURNAL_ROWS = 20;
const LOG_TAIL = 200;
const PALETTE_SIZE = 12;
const STATE_CLASSES = {
  Queueing: 'wait', Awaiting: 'wait', PendingRetry: 'wait',
  Starting: 'start', Restarting: 'start',
  Running: 'run',
  Completed: 'done',
  Failed: 'fail', Terminating: 'fail',
  Stopping: 'stop', Stopped: 'stop', Deleting: 'stop', Deleted: 'stop', Archived: 'stop',
};

const state = {
  offset: 0,
  paused: false,
  timer: null,
  inFlight: false,
  nowMs: 0,
  jobId: null,
  replicaId: null,
  firstDrawn: false,
  drawn: {},  // Section -> the JSON it was last drawn from, so unchanged sections keep focus.
};

// --- small DOM helpers: children that are strings become text nodes ---

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === undefined || child === null) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function $(id) { return document.getElementById(id); }

// Replaces the children of `parent` with `nodes`, keeping keyboard focus on the element with
// the same data-key if there was one.
function replaceChildren(parent, nodes) {
  const focused = document.activeElement;
  const key = focused && parent.contains(focused) ? focused.dataset.key : undefined;
  parent.replaceChildren(...nodes);
  if (key !== undefined) {
    const again = parent.querySelector(`[data-key="${CSS.escape(key)}"]`);
    if (again) again.focus();
  }
}

// Whether `section` must be drawn again for `data` (and remembers it).
function changed(section, data) {
  const text = JSON.stringify(data);
  if (state.drawn[section] === text) return false;
  state.drawn[section] = text;
  return true;
}

function stateBadge(name) {
  const label = name || 'unknown';
  return el('span', {class: `badge state-${STATE_CLASSES[name] || 'unknown'}`, dataset: {state: label}},
            label);
}

function age(ms) {
  if (!ms) return '-';
  let s = Math.max(0, Math.floor((state.nowMs - ms) / 1000));
  if (s < 120) return `${s}s`;
  s = Math.floor(s / 60);
  if (s < 120) return `${s}m`;
  s = Math.floor(s / 60);
  return s < 48 ? `${s}h` : `${Math.floor(s / 24)}d`;
}

function clockText(ms) {
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

// Colour class of a job: the same job has the same colour in every grid.
function colourOf(jobId) {
  let h = 0;
  for (const c of jobId) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return `job-c${h % PALETTE_SIZE}`;
}

function jobLink(id, name) {
  return el('a', {href: `#job=${encodeURIComponent(id)}`, dataset: {key: `job:${id}`}}, name || id);
}

// --- the control plane ---

async function call(path, options) {
  const response = await fetch(path, Object.assign({cache: 'no-store'}, options));
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new Error(`${path}: ${response.status} ${body.message || response.statusText}`);
  }
  return body;
}

function post(path, body) {
  return call(path, {method: 'POST', headers: {'Content-Type': 'application/json'},
                     body: JSON.stringify(body)});
}

// --- views ---

function drawClock(clock) {
  state.nowMs = clock.now_ms;
  $('clock-now').textContent = clockText(clock.now_ms);
  $('clock-kind').textContent = clock.manual ? '(manual)' : '';
}

function drawJobs(table) {
  const counts = Object.entries(table.states).map(([s, n]) => `${s} ${n}`).join(' · ');
  $('job-counts').textContent = `${table.total} jobs${counts ? ': ' + counts : ''}`;
  const last = Math.min(table.offset + table.jobs.length, table.total);
  $('page-range').textContent =
      table.total === 0 ? 'no jobs' : `jobs ${table.offset + 1}-${last} of ${table.total}`;
  $('page-prev').disabled = table.offset === 0;
  $('page-next').disabled = last >= table.total;
  const rows = table.jobs.map((job) => el('tr', {dataset: {jobId: job.id}},
      el('td', {}, jobLink(job.id, job.name), job.archived ? el('span', {class: 'muted'}, ' (archived)') : null),
      el('td', {class: 'id col-id'}, job.id),
      el('td', {}, stateBadge(job.state)),
      el('td', {}, age(job.created_at_ms)),
      el('td', {}, `${job.ready}/${job.replicas}`),
      el('td', {}, job.queue_position ? `#${job.queue_position}` : ''),
      el('td', {class: 'reason'}, job.waiting_reason || '')));
  if (rows.length === 0) rows.push(el('tr', {}, el('td', {colspan: 7, class: 'muted'}, 'No jobs yet.')));
  if (changed('jobs', rows.map((r) => r.textContent))) replaceChildren($('jobs-table').tBodies[0], rows);
  // When the jobs view was first complete, in ms since the page began to load (for
  // bench/dashboard_bench.sh, which reads it from the DOM).
  const root = document.documentElement;
  if (!root.dataset.jobsDrawnMs) root.dataset.jobsDrawnMs = String(Math.round(performance.now()));
}

function drawNodes(occupancy) {
  if (!changed('nodes', occupancy)) return;
  const groups = occupancy.node_groups.map((group) => {
    const holders = new Map();
    const nodes = group.nodes.map((node) => {
      const gpus = [];
      for (const holder of node.holders) {
        holders.set(holder.job_id, holder.job_name);
        for (let i = 0; i < holder.gpus; ++i) gpus.push(holder);
      }
      const cells = [];
      for (let i = 0; i < node.gpus; ++i) {
        const h = gpus[i];
        const label = h ? `GPU ${i}: ${h.job_name || h.job_id}` : `GPU ${i}: free`;
        cells.push(el('li', {class: h ? `gpu ${colourOf(h.job_id)}` : 'gpu free', title: label,
                             'aria-label': label}));
      }
      const jobs = node.holders.map((h) => el('li', {},
          el('span', {class: `swatch ${colourOf(h.job_id)}`, 'aria-hidden': 'true'}),
          jobLink(h.job_id, h.job_name), ` ${h.gpus} GPU${h.gpus === 1 ? '' : 's'}`));
      return el('li', {class: `node${node.ready ? '' : ' not-ready'}`, dataset: {node: node.id}},
          el('h4', {}, node.id),
          el('p', {class: 'muted'},
             `${node.gpus_allocated}/${node.gpus} GPUs${node.gpu_product ? ' ' + node.gpu_product : ''}` +
             `${node.ready ? '' : ', not ready'}${node.unschedulable ? ', unschedulable' : ''}`),
          el('ul', {class: 'gpus'}, ...cells),
          jobs.length ? el('ul', {class: 'holders'}, ...jobs) : null,
          node.replicas_without_gpus
              ? el('p', {class: 'muted'}, `${node.replicas_without_gpus} replica${node.replicas_without_gpus === 1 ? '' : 's'} without GPUs`)
              : null,
          jobs.length || node.replicas_without_gpus ? null : el('p', {class: 'muted'}, 'idle'));
    });
    return el('section', {class: 'group', 'aria-label': `Node group ${group.name}`},
        el('h3', {}, `${group.name} `, el('span', {class: 'muted id'}, group.id)),
        el('ul', {class: 'node-grid'}, ...nodes));
  });
  if (groups.length === 0) groups.push(el('p', {class: 'muted'}, 'No node groups.'));
  replaceChildren($('node-groups'), groups);
}

function faultAction(rule) {
  if (rule.action === 'error') return `error ${rule.status}${rule.retry_after ? ', Retry-After ' + rule.retry_after : ''}`;
  return rule.delay ? `${rule.action} ${rule.delay}` : rule.action;
}

function drawFaults(faults) {
  if (!changed('faults', faults)) return;
  const rows = faults.faults.map((rule) => el('tr', {dataset: {fault: rule.name}},
      el('td', {}, rule.name),
      el('td', {}, faultAction(rule)),
      el('td', {class: 'id'}, Object.entries(rule.match).map(([k, v]) => `${k}=${v}`).join(' ') || 'any'),
      el('td', {class: 'matched'}, String(rule.matched)),
      el('td', {class: 'fired'}, String(rule.fired)),
      el('td', {}, rule.active ? 'yes' : 'no')));
  if (rows.length === 0) rows.push(el('tr', {}, el('td', {colspan: 6, class: 'muted'}, 'No fault rules.')));
  replaceChildren($('faults-table').tBodies[0], rows);
  $('header-faults').textContent = `X-Fake-Lepton-Fault header faults fired: ${faults.header_fired}`;
}

function drawJournal(journal) {
  if (!changed('journal', journal)) return;
  $('journal-total').textContent =
      `${journal.total} requests since the start; the journal keeps ${journal.capacity}; newest first.`;
  const rows = journal.requests.slice().reverse().map((r) => el('tr', {},
      el('td', {}, String(r.sequence)),
      el('td', {}, clockText(r.received_at_ms)),
      el('td', {}, r.method),
      el('td', {class: 'id'}, r.path),
      el('td', {class: r.status >= 400 || r.status === 0 ? 'bad' : ''}, r.status === 0 ? 'closed' : String(r.status)),
      el('td', {}, r.fault || ''),
      el('td', {}, `${r.latency_ms} ms`)));
  if (rows.length === 0) rows.push(el('tr', {}, el('td', {colspan: 7, class: 'muted'}, 'No requests yet.')));
  replaceChildren($('journal-table').tBodies[0], rows);
}

function attemptRow(label, s) {
  return el('tr', {},
      el('td', {}, label), el('td', {}, stateBadge(s.state)), el('td', {}, String(s.ready ?? 0)),
      el('td', {}, String(s.failed ?? 0)), el('td', {}, String(s.succeeded ?? 0)),
      el('td', {}, s.creation_time ? clockText(s.creation_time) : '-'),
      el('td', {}, s.completion_time ? clockText(s.completion_time) : '-'));
}

function drawJob(detail, log) {
  const job = detail.job;
  const status = job.status || {};
  if (changed('job', detail)) {
    $('job-heading').textContent = `Job ${job.metadata.name}`;
    const summary = [el('span', {class: 'id'}, job.metadata.id), ' ', stateBadge(status.state),
                     ` ${status.ready ?? 0}/${Math.min(job.spec.parallelism ?? 1, job.spec.completions ?? 1)} ready`];
    if (detail.queue_position) summary.push(`, #${detail.queue_position} in the queue`);
    replaceChildren($('job-summary'), [el('p', {}, ...summary)]);
    $('job-spec').textContent = JSON.stringify({metadata: job.metadata, spec: job.spec}, null, 2);
    replaceChildren($('job-events'), detail.events.map((e) => el('li', {class: e.type === 'Warning' ? 'warning' : ''},
        el('time', {datetime: e.last_observed_time}, e.last_observed_time), ' ',
        el('strong', {}, e.reason), ` (${e.type})`, e.message ? el('span', {class: 'message'}, e.message) : null)));
    if (detail.events.length === 0) $('job-events').append(el('li', {class: 'muted'}, 'No events.'));
    const history = status.job_history || [];
    const attempts = history.map((h, i) => attemptRow(String(i + 1), h));
    attempts.push(attemptRow(`${history.length + 1} (current)`, status));
    replaceChildren($('job-attempts').tBodies[0], attempts);
    const replicas = detail.replicas.map((r) => {
      const id = r.metadata.id;
      const node = r.status && r.status.node ? r.status.node.name : '';
      const readiness = r.status && r.status.readiness_issue ? r.status.readiness_issue.reason : '';
      return el('li', {},
          el('button', {type: 'button', class: 'replica', 'aria-pressed': String(id === state.replicaId),
                        dataset: {replica: id, key: `replica:${id}`}}, id),
          ` on ${node || 'no node'}: ${readiness}`);
    });
    if (replicas.length === 0) replicas.push(el('li', {class: 'muted'}, 'No replicas yet.'));
    replaceChildren($('job-replicas'), replicas);
  }
  if (log) {
    const text = log.lines.join('\n');
    const head = log.first_line > 0 ? `(the last ${log.lines.length} of ${log.total_lines} lines)\n` : '';
    $('log-heading').textContent = `Log of ${state.replicaId}${log.ended ? ' (ended)' : ''}`;
    if ($('job-log').textContent !== head + text) $('job-log').textContent = head + text;
  } else {
    $('log-heading').textContent = 'Log';
    $('job-log').textContent = state.replicaId ? '' : '(no replica)';
  }
}

// --- the refresh loop ---

function route() {
  const params = new URLSearchParams(location.hash.slice(1));
  const jobId = params.get('job');
  if (jobId !== state.jobId) {
    state.jobId = jobId;
    state.replicaId = null;
    delete state.drawn.job;
  }
  $('job-view').hidden = !jobId;
  return params;
}

async function refresh() {
  if (state.inFlight) return;
  state.inFlight = true;
  try {
    const [clock, table, occupancy, faults, journal] = await Promise.all([
      call('/fake/v1/clock'),
      call(`/fake/v1/job-table?offset=${state.offset}&limit=${PAGE_SIZE}`),
      call('/fake/v1/node-occupancy'),
      call('/fake/v1/faults'),
      call(`/fake/v1/journal?limit=${JOURNAL_ROWS}&brief=true`),
    ]);
    drawClock(clock);
    drawJobs(table);
    drawNodes(occupancy);
    drawFaults(faults);
    drawJournal(journal);
    if (state.jobId) {
      const id = encodeURIComponent(state.jobId);
      const detail = await call(`/fake/v1/jobs/${id}`);
      const replicas = detail.replicas.map((r) => r.metadata.id);
      if (!replicas.includes(state.replicaId)) state.replicaId = replicas[0] || null;
      const log = state.replicaId
          ? await call(`/fake/v1/jobs/${id}/replicas/${encodeURIComponent(state.replicaId)}/log?tail=${LOG_TAIL}`)
          : null;
      drawJob(detail, log);
    }
    // The live region changes only when the state does; the time of the update is not announced.
    const live = state.paused ? 'Paused' : 'Live';
    if ($('status').textContent !== live) $('status').textContent = live;
    $('updated').textContent = `updated ${new Date().toLocaleTimeString()}`;
    if (!state.firstDrawn) {
      state.firstDrawn = true;
      clickRequestedButton();
    }
  } catch (error) {
    $('status').textContent = `Cannot read the fake: ${error.message}`;
  } finally {
    state.inFlight = false;
  }
}

function schedule() {
  clearInterval(state.timer);
  state.timer = null;
  if (!state.paused && !document.hidden) state.timer = setInterval(refresh, POLL_MS);
}

function clickRequestedButton() {
  const params = new URLSearchParams(location.hash.slice(1));
  const id = params.get('click');
  if (!id) return;
  params.delete('click');
  history.replaceState(null, '', `#${params.toString()}`);
  const button = $(id);
  if (button instanceof HTMLButtonElement && !button.disabled) button.click();
}

async function act(promise) {
  try {
    await promise;
  } catch (error) {
    $('status').textContent = `The fake refused: ${error.message}`;
    return;
  }
  await refresh();
}

function setUp() {
  for (const button of document.querySelectorAll('.clock button[data-seconds]')) {
    button.addEventListener('click', () =>
      act(post('/fake/v1/clock/advance', {seconds: Number(button.dataset.seconds)})));
  }
  $('pause').addEventListener('click', () => {
    state.paused = !state.paused;
    $('pause').setAttribute('aria-pressed', String(state.paused));
    $('pause').textContent = state.paused ? 'Resume updates' : 'Pause updates';
    $('status').textContent = state.paused ? 'Paused' : 'Live';
    schedule();
  });
  $('page-prev').addEventListener('click', () => { state.offset = Math.max(0, state.offset - PAGE_SIZE); refresh(); });
  $('page-next').addEventListener('click', () => { state.offset += PAGE_SIZE; refresh(); });
  $('force-form').addEventListener('submit', (event) => {
    event.preventDefault();
    if (!state.jobId) return;
    act(post(`/fake/v1/jobs/${encodeURIComponent(state.jobId)}/state`, {state: $('force-state').value}));
  });
  $('job-replicas').addEventListener('click', (event) => {
    const button = event.target.closest('button[data-replica]');
    if (!button) return;
    state.replicaId = button.dataset.replica;
    delete state.drawn.job;
    refresh();
  });
  $('close-job').addEventListener('click', () => { history.pushState(null, '', '#jobs'); route(); });
  window.addEventListener('hashchange', () => {
    route();
    if (state.jobId) $('job-heading').focus();
    refresh();
  });
  document.addEventListener('visibilitychange', () => {
    schedule();
    if (!document.hidden) refresh();
  });
  route();
  refresh();
  schedule();
}

setUp();
