// Status page of the aggregator. It polls GET /batches for the table, follows the selected batch over
// GET /batches/{id}/events (Server-Sent Events), and fetches its top words and failures when they change.
// Text from the server (batch ids, URLs, messages, words) only ever goes into textContent or attribute
// properties, never into HTML.
'use strict';

(() => {
  const LIST_INTERVAL_MS = 1000;
  const WORDS_INTERVAL_MS = 1000;
  const TOP_WORDS = 20;
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const NUMBER_FORMAT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

  const page = {
    connection: document.getElementById('connection'),
    batches: document.querySelector('#batches tbody'),
    noBatches: document.getElementById('no-batches'),
    detail: document.getElementById('detail'),
    detailId: document.getElementById('detail-id'),
    status: document.getElementById('detail-status'),
    reason: document.getElementById('detail-reason'),
    bar: document.getElementById('detail-bar'),
    done: document.getElementById('detail-done'),
    failed: document.getElementById('detail-failed'),
    pending: document.getElementById('detail-pending'),
    rate: document.getElementById('detail-rate'),
    words: document.getElementById('detail-words'),
    distinct: document.getElementById('detail-distinct'),
    bytes: document.getElementById('detail-bytes'),
    chart: document.getElementById('words-chart'),
    noWords: document.getElementById('no-words'),
    failures: document.querySelector('#failures tbody'),
    noFailures: document.getElementById('no-failures'),
  };

  const state = {
    selected: null,
    source: null,
    // Table rows by batch id: the row element and its cells.
    rows: new Map(),
    wordsTotal: -1,
    wordsTimer: null,
    wordsFetchedAt: 0,
    failuresCount: -1,
  };

  // Progress of GET /batches and GET /batches/{id}.
  function fromProgress(progress) {
    return {
      batchId: progress.batchId,
      status: progress.status,
      reason: progress.statusReason,
      urlCount: progress.urlCount,
      done: progress.done,
      failed: progress.failed,
      pending: progress.pending,
      rate: progress.pagesPerSecond,
      totalWords: progress.totalWords,
      distinctWords: progress.distinctWords,
      pageBytes: progress.pageBytes,
      submittedAt: progress.submittedAt,
    };
  }

  // A progress report of the event stream.
  function fromReport(report) {
    return {
      batchId: report.batchId,
      status: report.status,
      reason: report.reason,
      urlCount: report.urlCount,
      done: report.pagesCounted,
      failed: report.pagesFailed,
      pending: report.pagesPending,
      rate: report.pagesPerSecond,
      totalWords: report.totalWords,
      distinctWords: report.distinctWords,
      pageBytes: report.pageBytes,
      submittedAt: undefined,
    };
  }

  function formatNumber(value) {
    return (value === null || value === undefined) ? '–' : NUMBER_FORMAT.format(value);
  }

  function formatTime(iso) {
    // The Swedish locale writes local time as 2026-03-01 12:00:00.
    return iso ? new Date(iso).toLocaleString('sv-SE') : '–';
  }

  function cell(row, className) {
    const td = document.createElement('td');
    if (className) {
      td.className = className;
    }
    row.appendChild(td);
    return td;
  }

  function createBar(bar) {
    const done = document.createElement('span');
    done.className = 'done';
    const failed = document.createElement('span');
    failed.className = 'failed';
    bar.replaceChildren(done, failed);
  }

  // Sets a bar's segments: done and failed as parts of the batch, the pending rest as the background.
  function setBar(bar, progress) {
    if (bar.childElementCount !== 2) {
      createBar(bar);
    }
    const total = progress.urlCount || 0;
    const percent = (count) => (total > 0 ? (100 * count / total).toFixed(2) : '0') + '%';
    bar.children[0].style.width = percent(progress.done);
    bar.children[1].style.width = percent(progress.failed);
    bar.title = `${progress.done} done, ${progress.failed} failed, ${formatNumber(progress.pending)} pending`;
  }

  function createRow(batchId) {
    const row = document.createElement('tr');
    row.dataset.batchId = batchId;
    const idCell = cell(row);
    const code = document.createElement('code');
    code.textContent = batchId;
    idCell.appendChild(code);
    const status = cell(row, 'status');
    const barCell = cell(row);
    const bar = document.createElement('div');
    bar.className = 'bar';
    barCell.appendChild(bar);
    const cells = {
      status,
      bar,
      done: cell(row, 'number done-count'),
      failed: cell(row, 'number failed-count'),
      pending: cell(row, 'number pending-count'),
      rate: cell(row, 'number'),
      words: cell(row, 'number'),
      submitted: cell(row),
    };
    row.addEventListener('click', () => select(batchId));
    return { element: row, cells };
  }

  function updateRow(progress) {
    const row = state.rows.get(progress.batchId);
    if (!row) {
      return;
    }
    const cells = row.cells;
    cells.status.textContent = progress.status;
    cells.status.className = 'status ' + progress.status;
    setBar(cells.bar, progress);
    cells.done.textContent = formatNumber(progress.done);
    cells.failed.textContent = formatNumber(progress.failed);
    cells.pending.textContent = formatNumber(progress.pending);
    cells.rate.textContent = progress.status === 'RUNNING' ? formatNumber(progress.rate) : '–';
    cells.words.textContent = formatNumber(progress.totalWords);
    if (progress.submittedAt !== undefined) {
      cells.submitted.textContent = formatTime(progress.submittedAt);
    }
  }

  function renderBatches(list) {
    const seen = new Set();
    for (const progress of list.map(fromProgress)) {
      seen.add(progress.batchId);
      let row = state.rows.get(progress.batchId);
      if (!row) {
        row = createRow(progress.batchId);
        state.rows.set(progress.batchId, row);
      }
      page.batches.appendChild(row.element);
      updateRow(progress);
      if (progress.batchId === state.selected && !streaming()) {
        updateDetail(progress);
      }
    }
    for (const [batchId, row] of state.rows) {
      if (!seen.has(batchId)) {
        row.element.remove();
        state.rows.delete(batchId);
      }
    }
    markSelectedRow();
    page.noBatches.hidden = list.length > 0;
    if (state.selected === null && list.length > 0) {
      select(list[0].batchId);
    }
  }

  function markSelectedRow() {
    for (const [batchId, row] of state.rows) {
      row.element.classList.toggle('selected', batchId === state.selected);
    }
  }

  function setConnection(text, offline) {
    page.connection.textContent = text;
    page.connection.classList.toggle('offline', offline);
  }

  async function fetchJson(path) {
    const response = await fetch(path, { headers: { Accept: 'application/json' } });
    if (!response.ok) {
      throw new Error(`${path} returned HTTP ${response.status}`);
    }
    return response.json();
  }

  function batchPath(batchId, suffix) {
    return '/batches/' + encodeURIComponent(batchId) + suffix;
  }

  async function pollBatches() {
    try {
      renderBatches(await fetchJson('/batches'));
      setConnection('live, updated ' + new Date().toLocaleTimeString('en-GB'), false);
    }
    catch (error) {
      setConnection('offline: ' + error.message, true);
    }
    finally {
      setTimeout(pollBatches, LIST_INTERVAL_MS);
    }
  }

  function streaming() {
    return state.source !== null && state.source.readyState !== EventSource.CLOSED;
  }

  function closeStream() {
    if (state.source !== null) {
      state.source.close();
      state.source = null;
    }
  }

  function select(batchId) {
    if (state.selected === batchId) {
      return;
    }
    closeStream();
    clearTimeout(state.wordsTimer);
    state.wordsTimer = null;
    state.selected = batchId;
    state.wordsTotal = -1;
    state.failuresCount = -1;
    history.replaceState(null, '', '#batch=' + encodeURIComponent(batchId));
    page.detail.hidden = false;
    page.detailId.textContent = batchId;
    page.chart.replaceChildren();
    page.failures.replaceChildren();
    markSelectedRow();

    const source = new EventSource(batchPath(batchId, '/events'));
    const onReport = (event) => {
      if (state.selected !== batchId) {
        return;
      }
      const report = fromReport(JSON.parse(event.data));
      updateDetail(report);
      updateRow(report);
      if (event.type === 'final') {
        // The stream ends after the final event; without close() the browser would reconnect.
        closeStream();
        refreshWords(batchId);
        refreshFailures(batchId);
      }
    };
    source.addEventListener('progress', onReport);
    source.addEventListener('final', onReport);
    state.source = source;
  }

  function updateDetail(progress) {
    page.status.textContent = progress.status;
    page.status.className = 'status ' + progress.status;
    page.reason.textContent = progress.reason || '';
    setBar(page.bar, progress);
    page.done.textContent = formatNumber(progress.done);
    page.failed.textContent = formatNumber(progress.failed);
    page.pending.textContent = formatNumber(progress.pending);
    page.rate.textContent = formatNumber(progress.rate);
    page.words.textContent = formatNumber(progress.totalWords);
    page.distinct.textContent = formatNumber(progress.distinctWords);
    page.bytes.textContent = formatNumber(progress.pageBytes);
    if (progress.totalWords !== state.wordsTotal) {
      state.wordsTotal = progress.totalWords;
      scheduleWords(progress.batchId);
    }
    if (progress.failed !== state.failuresCount) {
      state.failuresCount = progress.failed;
      refreshFailures(progress.batchId);
    }
  }

  // Fetches the top words at most once per WORDS_INTERVAL_MS, however often the counts change.
  function scheduleWords(batchId) {
    if (state.wordsTimer !== null) {
      return;
    }
    const wait = Math.max(0, state.wordsFetchedAt + WORDS_INTERVAL_MS - Date.now());
    state.wordsTimer = setTimeout(() => {
      state.wordsTimer = null;
      refreshWords(batchId);
    }, wait);
  }

  async function refreshWords(batchId) {
    state.wordsFetchedAt = Date.now();
    try {
      const path = batchPath(batchId, '/words') + `?top=${TOP_WORDS}&format=json`;
      const response = await fetch(path, { headers: { Accept: 'application/json' } });
      // 410: the batch finished long ago and its word counts are no longer kept; that is no connection problem.
      if (response.status === 410) {
        if (state.selected === batchId) {
          renderChart([]);
        }
        return;
      }
      if (!response.ok) {
        throw new Error(`${path} returned HTTP ${response.status}`);
      }
      const words = await response.json();
      if (state.selected === batchId) {
        renderChart(words);
      }
    }
    catch (error) {
      setConnection('offline: ' + error.message, true);
    }
  }

  async function refreshFailures(batchId) {
    try {
      const failures = await fetchJson(batchPath(batchId, '/failures'));
      if (state.selected === batchId) {
        renderFailures(failures);
      }
    }
    catch (error) {
      setConnection('offline: ' + error.message, true);
    }
  }

  function svg(tag, attributes) {
    const element = document.createElementNS(SVG_NS, tag);
    for (const [name, value] of Object.entries(attributes)) {
      element.setAttribute(name, String(value));
    }
    return element;
  }

  // Draws one horizontal bar per word, longest for the most frequent one.
  function renderChart(words) {
    const rowHeight = 22;
    const labelWidth = 130;
    const countWidth = 70;
    const width = 600;
    const barSpace = width - labelWidth - countWidth;
    const highest = words.length > 0 ? words[0].count : 0;
    const bars = words.map((entry, index) => {
      const y = index * rowHeight;
      const group = svg('g', { class: 'word' });
      const title = svg('title', {});
      title.textContent = `${entry.word}: ${entry.count}`;
      const label = svg('text', { x: labelWidth - 8, y: y + 15, 'text-anchor': 'end', class: 'word-label' });
      label.textContent = entry.word.length > 18 ? entry.word.slice(0, 17) + '…' : entry.word;
      const barWidth = highest > 0 ? Math.max(1, barSpace * entry.count / highest) : 0;
      const bar = svg('rect', { x: labelWidth, y: y + 3, width: barWidth.toFixed(1), height: rowHeight - 6,
        class: 'word-bar' });
      const count = svg('text', { x: labelWidth + barWidth + 6, y: y + 15, class: 'word-count' });
      count.textContent = formatNumber(entry.count);
      group.append(title, label, bar, count);
      return group;
    });
    page.chart.replaceChildren(...bars);
    page.chart.setAttribute('viewBox', `0 0 ${width} ${Math.max(1, words.length * rowHeight)}`);
    page.chart.setAttribute('height', String(words.length * rowHeight));
    page.noWords.hidden = words.length > 0;
  }

  function renderFailures(failures) {
    const rows = failures.map((failure) => {
      const row = document.createElement('tr');
      cell(row, 'number').textContent = String(failure.jobId);
      cell(row, 'failure-url').textContent = failure.url;
      cell(row, 'failure-reason').textContent = failure.reason;
      cell(row, 'failure-message').textContent = failure.message;
      return row;
    });
    page.failures.replaceChildren(...rows);
    page.noFailures.hidden = failures.length > 0;
  }

  function selectionFromHash() {
    const match = /^#batch=(.+)$/.exec(window.location.hash);
    if (match === null) {
      return null;
    }
    try {
      return decodeURIComponent(match[1]);
    }
    catch (error) {
      return null;
    }
  }

  const initial = selectionFromHash();
  if (initial !== null) {
    select(initial);
  }
  pollBatches();
})();
