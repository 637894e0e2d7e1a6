// Operator console for the Credential Broker admin API. No framework, no build step.
// Rules kept throughout: the admin token lives in sessionStorage only and travels only as an
// Authorization header to this origin; every value from the API is written with textContent.
'use strict';

(function () {
  const TOKEN_KEY = 'credbroker.adminToken';
  const AUDIT_LIMIT = 100;
  const MFA_DURATIONS = [
    ['', '12 h (default)'],
    ['3600', '1 h'],
    ['14400', '4 h'],
    ['28800', '8 h'],
    ['129600', '36 h'],
  ];

  const $ = (id) => document.getElementById(id);

  // ---- DOM helpers: text only, never HTML ----

  function el(tag, options, ...children) {
    const node = document.createElement(tag);
    const o = options || {};
    if (o.className) node.className = o.className;
    if (o.text !== undefined && o.text !== null) node.textContent = String(o.text);
    if (o.attrs) {
      for (const [name, value] of Object.entries(o.attrs)) node.setAttribute(name, String(value));
    }
    for (const child of children) if (child) node.appendChild(child);
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function say(node, text, ok) {
    node.textContent = text || '';
    node.classList.toggle('ok', Boolean(ok));
  }

  function utc(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return String(iso);
    return d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z').replace('Z', ' UTC');
  }

  function timeLeft(iso) {
    const ms = new Date(iso).getTime() - Date.now();
    if (!(ms > 0)) return { text: 'expired', className: 'state-bad' };
    const minutes = Math.floor(ms / 60000);
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    const text = h > 0 ? `${h} h ${m} min` : (minutes > 0 ? `${m} min` : 'under a minute');
    return { text, className: minutes < 60 ? 'state-warn' : 'state-good' };
  }

  // ---- The admin API ----

  function token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  async function api(method, path, body) {
    const headers = { Accept: 'application/json, application/problem+json' };
    const t = token();
    if (t) headers.Authorization = 'Bearer ' + t;
    const init = { method, headers, credentials: 'omit', cache: 'no-store', redirect: 'error', referrerPolicy: 'no-referrer' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(path, init);
    } catch (e) {
      return { status: 0, ok: false, data: null, problem: null, headers: new Headers() };
    }
    let data = null;
    const type = response.headers.get('Content-Type') || '';
    if (response.status !== 204 && type.includes('json')) {
      try {
        data = await response.json();
      } catch (e) {
        data = null;
      }
    }
    const result = { status: response.status, ok: response.ok, data, problem: response.ok ? null : data, headers: response.headers };
    if (response.status === 401) signOut('The admin token was not accepted; sign in again.');
    return result;
  }

  /** The problem's detail and the fields it names, in one line. */
  function detail(result) {
    const p = result.problem || {};
    const parts = [];
    if (p.detail) parts.push(String(p.detail));
    if (Array.isArray(p.errors)) {
      for (const e of p.errors) {
        if (e && e.field) parts.push(`${e.field}: ${e.message}`);
      }
    }
    return parts.join(' — ');
  }

  /** A failed answer in words, for any call. */
  function failure(result, what) {
    const d = detail(result);
    const tail = d ? ` ${d}` : '';
    switch (result.status) {
      case 0: return `${what}: the broker did not answer (network error).`;
      case 400: return `${what}: the request was refused as invalid.${tail}`;
      case 401: return `${what}: the admin token was not accepted.`;
      case 404: return `${what}: not found.${tail}`;
      case 409: return `${what}: conflict.${tail}`;
      case 429: return `${what}: too many requests; wait a moment.${tail}`;
      case 502: return `${what}: AWS refused the request.${tail}`;
      case 503: return `${what}: unavailable just now (AWS or the store cannot be reached); retry shortly.${tail}`;
      default: return `${what}: failed with HTTP ${result.status}.${tail}`;
    }
  }

  /** The answers to opening an MFA session, as an operator reads them. */
  function mfaFailure(result) {
    const d = detail(result);
    const tail = d ? ` (${d})` : '';
    switch (result.status) {
      case 400: return `The code was not sent to AWS: enter the 6 digits your MFA device shows now${tail}.`;
      case 409: return `No session was opened: this source cannot take one right now${tail}.`;
      case 422: return `AWS rejected the code: it is wrong, expired or was used already. Wait for the next code and try again${tail}.`;
      default: return failure(result, 'Opening the MFA session failed');
    }
  }

  function morePages(result, node, kind) {
    const link = result.headers.get('Link') || '';
    const more = /rel="?next"?/.test(link);
    node.hidden = !more;
    node.textContent = more
      ? `Showing the first ${result.data.length} ${kind}; the broker holds more (use the admin API's next-page link to list them).`
      : '';
  }

  // ---- Sections ----

  async function loadStatus() {
    const list = $('status');
    const result = await api('GET', '/admin/v1/status');
    clear(list);
    if (!result.ok) {
      say($('status-message'), failure(result, 'Reading the status'));
      return;
    }
    say($('status-message'), '');
    const s = result.data;
    const row = (term, value, good) => {
      list.appendChild(el('dt', { text: term }));
      list.appendChild(el('dd', { text: value, className: good ? 'state-good' : 'state-bad', attrs: { 'data-status': term } }));
    };
    row('Readiness', s.readiness, s.readiness === 'ACCEPTING_TRAFFIC');
    row('Liveness', s.liveness, s.liveness === 'CORRECT');
    row('Store', s.store, s.store === 'UP');
    for (const [region, state] of Object.entries(s.stsCircuits || {})) {
      row(`STS circuit ${region}`, state, state === 'CLOSED');
    }
  }

  async function loadSources() {
    const body = $('sources').tBodies[0];
    const result = await api('GET', '/admin/v1/sources');
    clear(body);
    if (!result.ok) {
      say($('sources-message'), failure(result, 'Listing the sources'));
      return;
    }
    say($('sources-message'), '');
    morePages(result, $('sources-more'), 'sources');
    if (result.data.length === 0) {
      body.appendChild(el('tr', {}, el('td', { text: 'No sources yet.', attrs: { colspan: 5 } })));
    }
    for (const source of result.data) body.appendChild(sourceRow(source));
    tick();
  }

  function sourceRow(source) {
    const row = el('tr', { attrs: { 'data-source': source.name } });
    row.appendChild(el('td', { text: source.name }));
    row.appendChild(el('td', { text: source.type }));
    const session = source.mfaSession;
    const left = el('td', { className: 'time-left' });
    if (!session) {
      row.appendChild(el('td', { text: 'not needed (no MFA device)', className: 'mfa-state' }));
      row.appendChild(left);
      row.appendChild(el('td'));
      return row;
    }
    if (session.active) {
      row.appendChild(el('td', { text: `active until ${utc(session.expiration)}`, className: 'mfa-state state-good' }));
      left.setAttribute('data-expiration', session.expiration);
    } else {
      row.appendChild(el('td', { text: 'none: its workloads wait for a code', className: 'mfa-state state-bad' }));
      left.textContent = '—';
    }
    row.appendChild(left);
    row.appendChild(mfaCell(source, session.active));
    return row;
  }

  function mfaCell(source, active) {
    const cell = el('td');
    const result = el('span', { className: 'result message', attrs: { role: 'status' } });
    const code = el('input', {
      className: 'code',
      attrs: { type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 6, placeholder: '6 digits', 'aria-label': `MFA code for ${source.name}` },
    });
    const duration = el('select', { className: 'duration', attrs: { 'aria-label': 'Session length' } });
    for (const [value, label] of MFA_DURATIONS) duration.appendChild(el('option', { text: label, attrs: { value } }));
    const open = el('button', { text: 'Open session', className: 'open-session', attrs: { type: 'submit' } });
    const form = el('form', {}, code, duration, open);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      open.disabled = true;
      const body = { tokenCode: code.value.trim() };
      if (duration.value) body.durationSeconds = Number(duration.value);
      const answer = await api('POST', `/admin/v1/sources/${encodeURIComponent(source.name)}/mfa-session`, body);
      open.disabled = false;
      code.value = '';
      if (answer.status === 201) {
        await loadSources();
        const row = findRow('sources', 'data-source', source.name);
        if (row) say(row.querySelector('.result'), `Session open until ${utc(answer.data.expiration)}.`, true);
      } else {
        say(result, mfaFailure(answer));
      }
    });
    cell.appendChild(form);
    if (active) {
      const end = el('button', { text: 'End session', className: 'end-session', attrs: { type: 'button' } });
      end.addEventListener('click', async () => {
        if (!window.confirm(`End the MFA session of ${source.name}? Its workloads get no new credentials until a new code is entered.`)) return;
        const answer = await api('DELETE', `/admin/v1/sources/${encodeURIComponent(source.name)}/mfa-session`);
        if (answer.ok) {
          await loadSources();
        } else {
          say(result, failure(answer, 'Ending the session'));
        }
      });
      cell.appendChild(end);
    }
    cell.appendChild(result);
    return cell;
  }

  function findRow(table, attribute, name) {
    for (const row of $(table).tBodies[0].rows) {
      if (row.getAttribute(attribute) === name) return row;
    }
    return null;
  }

  /** Counts the time left down without asking the broker again. */
  function tick() {
    for (const cell of document.querySelectorAll('td.time-left[data-expiration]')) {
      const left = timeLeft(cell.getAttribute('data-expiration'));
      cell.textContent = left.text;
      cell.className = `time-left ${left.className}`;
    }
  }

  async function loadWorkloads() {
    const body = $('workloads').tBodies[0];
    const result = await api('GET', '/admin/v1/workloads');
    clear(body);
    if (!result.ok) {
      say($('workloads-message'), failure(result, 'Listing the workloads'));
      return;
    }
    say($('workloads-message'), '');
    morePages(result, $('workloads-more'), 'workloads');
    if (result.data.length === 0) {
      body.appendChild(el('tr', {}, el('td', { text: 'No workloads yet.', attrs: { colspan: 6 } })));
    }
    for (const workload of result.data) body.appendChild(workloadRow(workload));
    for (const row of body.rows) {
      if (row.hasAttribute('data-workload')) lastIssuance(row);
    }
  }

  function workloadRow(workload) {
    const row = el('tr', { attrs: { 'data-workload': workload.name } });
    row.appendChild(el('td', { text: workload.name }));
    row.appendChild(el('td', { text: workload.source }));
    row.appendChild(el('td', { text: workload.type }));
    row.appendChild(el('td', {
      text: workload.enabled ? 'enabled' : 'disabled',
      className: workload.enabled ? 'state-good enabled' : 'state-bad enabled',
    }));
    row.appendChild(el('td', { text: '…', className: 'last-issuance' }));
    const actions = el('td');
    const result = el('span', { className: 'result message', attrs: { role: 'status' } });
    const dryRun = el('button', { text: 'Dry run', className: 'dry-run', attrs: { type: 'button' } });
    dryRun.addEventListener('click', async () => {
      dryRun.disabled = true;
      say(result, 'Asking STS…', true);
      const answer = await api('POST', `/admin/v1/workloads/${encodeURIComponent(workload.name)}/dry-run`);
      dryRun.disabled = false;
      if (answer.ok) {
        const d = answer.data;
        say(result, `Dry run: STS issues ${d.arn} (account ${d.account}), valid until ${utc(d.expiration)}.`, true);
      } else {
        say(result, failure(answer, 'Dry run failed'));
      }
      lastIssuance(row);
    });
    const rotate = el('button', { text: 'Rotate token', className: 'rotate', attrs: { type: 'button' } });
    rotate.addEventListener('click', async () => {
      if (!window.confirm(`Rotate the token of ${workload.name}? The new token is shown once; the old one stops working after its grace period.`)) return;
      const answer = await api('POST', `/admin/v1/workloads/${encodeURIComponent(workload.name)}/token`);
      if (answer.status === 201) {
        say(result, 'Token rotated.', true);
        showNewToken(workload.name, answer.data.token);
      } else {
        say(result, failure(answer, 'Rotation failed'));
      }
    });
    const audit = el('button', { text: 'Audit', className: 'show-audit', attrs: { type: 'button' } });
    audit.addEventListener('click', () => {
      $('audit-workload').value = workload.name;
      loadAudit();
      $('audit-section').scrollIntoView();
    });
    actions.appendChild(dryRun);
    actions.appendChild(rotate);
    actions.appendChild(audit);
    actions.appendChild(result);
    row.appendChild(actions);
    return row;
  }

  async function lastIssuance(row) {
    const cell = row.querySelector('.last-issuance');
    const name = row.getAttribute('data-workload');
    const answer = await api('GET', `/admin/v1/audit?workload=${encodeURIComponent(name)}&action=issue&limit=1`);
    if (!answer.ok) {
      cell.textContent = 'unknown';
      return;
    }
    const event = answer.data[0];
    if (!event) {
      cell.textContent = 'none recorded';
      cell.className = 'last-issuance';
      return;
    }
    const ok = event.outcome === 'success';
    cell.textContent = `${utc(event.occurredAt)}: ${event.outcome}${event.count > 1 ? ` (×${event.count})` : ''}`;
    cell.className = `last-issuance ${ok ? 'state-good' : 'state-bad'}`;
    if (!ok && event.detail) cell.title = String(event.detail);
  }

  function showNewToken(name, value) {
    $('new-token-workload').textContent = name;
    $('new-token-value').textContent = value;
    $('new-token').hidden = false;
  }

  function hideNewToken() {
    $('new-token-value').textContent = '';
    $('new-token-workload').textContent = '';
    $('new-token').hidden = true;
  }

  async function loadAudit() {
    const body = $('audit').tBodies[0];
    const workload = $('audit-workload').value.trim();
    let path = `/admin/v1/audit?limit=${AUDIT_LIMIT}`;
    if (workload) path += `&workload=${encodeURIComponent(workload)}`;
    const result = await api('GET', path);
    clear(body);
    if (!result.ok) {
      say($('audit-message'), failure(result, 'Reading the audit'));
      return;
    }
    say($('audit-message'), result.data.length === 0 ? 'No events.' : '', true);
    for (const event of result.data) {
      body.appendChild(el('tr', { attrs: { 'data-event': event.id } },
        el('td', { text: utc(event.occurredAt) }),
        el('td', { text: event.actor }),
        el('td', { text: event.workload || '', className: 'event-workload' }),
        el('td', { text: event.action, className: 'event-action' }),
        el('td', { text: event.outcome, className: event.outcome === 'success' ? 'state-good' : 'state-bad' }),
        el('td', { text: event.detail || '' }),
        el('td', { text: event.count })));
    }
  }

  // ---- Signing in and out ----

  function showConsole(signedIn) {
    $('sign-in-section').hidden = signedIn;
    $('console').hidden = !signedIn;
    $('session').hidden = !signedIn;
  }

  function signOut(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    hideNewToken();
    for (const id of ['sources', 'workloads', 'audit']) clear($(id).tBodies[0]);
    clear($('status'));
    showConsole(false);
    say($('sign-in-message'), message || '');
  }

  async function refresh() {
    await Promise.all([loadStatus(), loadSources(), loadWorkloads(), loadAudit()]);
  }

  async function signIn(event) {
    event.preventDefault();
    const input = $('admin-token');
    const value = input.value.trim();
    input.value = '';
    if (!value) return;
    sessionStorage.setItem(TOKEN_KEY, value);
    const check = await api('GET', '/admin/v1/status');
    if (check.status === 401) return; // api() signed out with the reason
    if (!check.ok) {
      sessionStorage.removeItem(TOKEN_KEY);
      say($('sign-in-message'), failure(check, 'Signing in failed'));
      return;
    }
    say($('sign-in-message'), '');
    showConsole(true);
    await refresh();
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('sign-in-form').addEventListener('submit', signIn);
    $('sign-out').addEventListener('click', () => signOut('Signed out.'));
    $('refresh').addEventListener('click', refresh);
    $('new-token-done').addEventListener('click', hideNewToken);
    $('audit-form').addEventListener('submit', (event) => {
      event.preventDefault();
      loadAudit();
    });
    setInterval(tick, 15000);
    if (token()) {
      showConsole(true);
      refresh();
    }
  });
})();
