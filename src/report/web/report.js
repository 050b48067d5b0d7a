// khaldun report page script (inlined by src/report). Reads the JSON in
// #report-data and #world-data, draws the flags, the dyad timeline, the actor network,
// the map and the event table, then sets data-ready="1" on <body> and a data-drawn
// count on each section (tests read these through headless Chromium's --dump-dom).
(function () {
  'use strict';
  var t0 = performance.now();
  var D = JSON.parse(document.getElementById('report-data').textContent);
  var timings = {parse: Math.round(performance.now() - t0)}, tLast = performance.now();
  function lap(name) {
    var now = performance.now();
    timings[name] = Math.round(now - tLast);
    tLast = now;
  }
  var EV = D.ev, SENTS = D.sents, DOCS = D.docs;
  // Event row fields (see report.cc).
  var DATE = 0, SRC = 1, TGT = 2, CAMEO = 3, PLOVER = 4, QUAD = 5, GOLD = 6, TRIG = 7,
      SENT = 8, SB = 9, SE = 10, TB = 11, TE = 12, GB = 13, GE = 14, DOC = 15, NEG = 16,
      SKEY = 17, TKEY = 18;
  var tip = document.createElement('div');
  tip.className = 'tip';
  document.body.appendChild(tip);
  function showTip(ev, html) {
    tip.innerHTML = html;
    tip.style.display = 'block';
    tip.style.left = (ev.clientX + 12) + 'px';
    tip.style.top = (ev.clientY + 12) + 'px';
  }
  function hideTip() { tip.style.display = 'none'; }
  function esc(s) {
    return String(s).replace(/[&<>"]/g, function (c) {
      return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[c];
    });
  }
  var showEvents = function () {};  // set by the table: show a given list of events
  function drawn(id, n) { document.getElementById(id).setAttribute('data-drawn', String(n)); }

  // Sentence with the source, target and trigger spans marked.
  function highlight(e) {
    var s = SENTS[e[SENT]] || '';
    var marks = [[e[SB], e[SE], 'src'], [e[TB], e[TE], 'tgt'], [e[GB], e[GE], 'trg']]
        .filter(function (m) { return m[0] >= 0 && m[1] > m[0] && m[1] <= s.length; })
        .sort(function (a, b) { return a[0] - b[0]; });
    var out = '', pos = 0;
    marks.forEach(function (m) {
      if (m[0] < pos) return;  // overlapping span: keep the first
      out += esc(s.slice(pos, m[0])) + '<mark class="' + m[2] + '">' +
             esc(s.slice(m[0], m[1])) + '</mark>';
      pos = m[1];
    });
    return out + esc(s.slice(pos));
  }
  function eventRow(e) {
    var doc = DOCS[e[DOC]] || [];
    var title = doc[1] ? ' title="' + esc(doc[1] + (doc[2] ? ' — ' + doc[2] : '')) + '"' : '';
    return '<tr class="q' + e[QUAD] + (e[NEG] ? ' neg' : '') + '"><td class="code">' +
           esc(e[DATE]) + '</td><td class="code">' + esc(e[SRC]) + '</td><td class="code">' +
           esc(e[CAMEO]) + ' ' + esc(e[PLOVER]) + (e[NEG] ? ' (not)' : '') +
           '</td><td class="code">' + esc(e[TGT] || '—') + '</td><td class="num">' + e[QUAD] +
           '</td><td class="num">' + (+e[GOLD]).toFixed(1) + '</td><td class="sent"' + title +
           '>' + highlight(e) + '</td></tr>';
  }

  // Header.
  var M = D.meta;
  document.getElementById('title').textContent = M.title;
  document.getElementById('subtitle').textContent =
      M.events.toLocaleString() + ' events from ' + M.documents.toLocaleString() +
      ' documents' + (M.first ? ', ' + M.first + ' to ' + M.last : '') + ' · dyads by ' +
      M.level + (M.source ? ' · ' + M.source : '') + ' · generated ' + M.generated;

  // Flags.
  (function () {
    var box = document.querySelector('#flags .body');
    if (!D.flags.length) {
      box.innerHTML = '<p class="none">No tit-for-tat exchange or spike was flagged.</p>';
      drawn('flags', 0);
      return;
    }
    // Large stores can flag many windows with many events: the page shows the first
    // MAX_FLAGS flags and MAX_ROWS events of each; the rest is one click away in the table.
    var MAX_FLAGS = 100, MAX_ROWS = 25;
    var html = '';
    D.flags.slice(0, MAX_FLAGS).forEach(function (f, i) {
      var more = f.ev.length - MAX_ROWS;
      html += '<div class="flag ' + (f.kind === 'spike' ? 'spike' : 'tft') + '" data-kind="' +
              f.kind + '"><h3 data-flag="' + i + '">' + esc(f.kind) + ': ' + esc(f.a) + '–' +
              esc(f.b) + ', ' + esc(f.first) + (f.last !== f.first ? ' to ' + esc(f.last) : '') +
              ' (' + f.ev.length + ' events)</h3><div class="why">' + esc(f.summary) +
              '</div><details' + (i < 3 ? ' open' : '') + '><summary>events behind the flag' +
              '</summary><table><tbody>' +
              f.ev.slice(0, MAX_ROWS).map(function (k) { return eventRow(EV[k]); }).join('') +
              '</tbody></table>' + (more > 0 ? '<button data-show="' + i + '">show all ' +
              f.ev.length + ' events in the table</button>' : '') + '</details></div>';
    });
    if (D.flags.length > MAX_FLAGS)
      html += '<p class="none">' + (D.flags.length - MAX_FLAGS) +
              ' more flags (khaldun analyze lists them all).</p>';
    box.innerHTML = html;
    box.addEventListener('click', function (ev) {
      var b = ev.target.closest('button[data-show]');
      if (b) {
        showEvents(D.flags[+b.getAttribute('data-show')].ev);
        document.getElementById('events').scrollIntoView({behavior: 'smooth'});
        return;
      }
      var h = ev.target.closest('h3[data-flag]');
      if (!h) return;
      var f = D.flags[+h.getAttribute('data-flag')];
      selectDyad(f.a, f.b);
      document.getElementById('timeline').scrollIntoView({behavior: 'smooth'});
    });
    drawn('flags', Math.min(D.flags.length, MAX_FLAGS));
  })();
  lap('flags');

  // Dyad timeline: cooperation up, conflict down, Goldstein mean as a line. Long spans
  // are drawn per week.
  var dyadSelect = document.getElementById('dyad');
  D.series.forEach(function (s, i) {
    var o = document.createElement('option');
    o.value = i;
    o.textContent = s.a + ' – ' + s.b + ' (' + s.total + ')';
    dyadSelect.appendChild(o);
  });
  function selectDyad(a, b) {
    for (var i = 0; i < D.series.length; i++) {
      var s = D.series[i];
      if ((s.a === a && s.b === b) || (s.a === b && s.b === a)) {
        dyadSelect.value = i;
        drawTimeline(i);
        return;
      }
    }
  }
  dyadSelect.addEventListener('change', function () { drawTimeline(+dyadSelect.value); });
  function drawTimeline(i) {
    var box = document.querySelector('#timeline .chart');
    box.innerHTML = '';
    var s = D.series[i];
    if (!s) {
      box.innerHTML = '<p class="none">No dyad with events.</p>';
      drawn('timeline', 0);
      return;
    }
    var parse = d3.utcParse('%Y-%m-%d');
    var days = s.days.map(function (d) {
      return {t: parse(d[0]), coop: d[1] + d[2], conf: d[3] + d[4], g: d[5], n: d[1] + d[2] + d[3] + d[4]};
    }).filter(function (d) { return d.t; });
    var span = days.length ? (days[days.length - 1].t - days[0].t) / 864e5 : 0;
    var unit = span > 400 ? d3.utcWeek : d3.utcDay;
    var agg = d3.rollups(days, function (v) {
      return {coop: d3.sum(v, function (d) { return d.coop; }),
              conf: d3.sum(v, function (d) { return d.conf; }),
              g: d3.sum(v, function (d) { return d.g; }), n: d3.sum(v, function (d) { return d.n; })};
    }, function (d) { return +unit.floor(d.t); }).map(function (kv) {
      var v = kv[1]; v.t = new Date(kv[0]); return v;
    }).sort(function (a, b) { return a.t - b.t; });
    var W = 1100, H = 300, m = {l: 44, r: 44, t: 12, b: 26};
    var lo = agg.length ? unit.offset(agg[0].t, -1) : new Date();
    var hi = agg.length ? unit.offset(agg[agg.length - 1].t, 2) : new Date();
    var x = d3.scaleUtc().domain([lo, hi]).range([m.l, W - m.r]);
    var ymax = d3.max(agg, function (d) { return Math.max(d.coop, d.conf); }) || 1;
    var y = d3.scaleLinear().domain([-ymax, ymax]).nice().range([H - m.b, m.t]);
    var yg = d3.scaleLinear().domain([-10, 10]).range([H - m.b, m.t]);
    var svg = d3.select(box).append('svg').attr('viewBox', '0 0 ' + W + ' ' + H);
    var bw = Math.max(1, Math.min(24, (x(unit.offset(lo, 1)) - x(lo)) * 0.8));
    svg.append('g').attr('class', 'axis').attr('transform', 'translate(0,' + y(0) + ')')
        .call(d3.axisBottom(x).ticks(8).tickSizeOuter(0));
    svg.append('g').attr('class', 'axis').attr('transform', 'translate(' + m.l + ',0)')
        .call(d3.axisLeft(y).ticks(Math.min(6, ymax * 2))
            .tickFormat(function (v) { return Number.isInteger(v) ? Math.abs(v) : ''; }));
    svg.append('g').attr('class', 'axis').attr('transform', 'translate(' + (W - m.r) + ',0)')
        .call(d3.axisRight(yg).ticks(5));
    var bars = svg.append('g');
    var fmt = d3.utcFormat(unit === d3.utcWeek ? 'week of %Y-%m-%d' : '%Y-%m-%d');
    function tipOf(d) {
      return fmt(d.t) + '<br>' + d.coop + ' cooperation, ' + d.conf + ' conflict<br>Goldstein mean ' +
             (d.n ? (d.g / d.n).toFixed(2) : '–');
    }
    bars.selectAll('rect.bar-coop').data(agg.filter(function (d) { return d.coop; })).join('rect')
        .attr('class', 'bar-coop').attr('x', function (d) { return x(d.t) - bw / 2; })
        .attr('width', bw).attr('y', function (d) { return y(d.coop); })
        .attr('height', function (d) { return y(0) - y(d.coop); })
        .on('mousemove', function (ev, d) { showTip(ev, tipOf(d)); }).on('mouseout', hideTip);
    bars.selectAll('rect.bar-conf').data(agg.filter(function (d) { return d.conf; })).join('rect')
        .attr('class', 'bar-conf').attr('x', function (d) { return x(d.t) - bw / 2; })
        .attr('width', bw).attr('y', y(0))
        .attr('height', function (d) { return y(-d.conf) - y(0); })
        .on('mousemove', function (ev, d) { showTip(ev, tipOf(d)); }).on('mouseout', hideTip);
    svg.append('path').attr('class', 'gold-line').datum(agg.filter(function (d) { return d.n; }))
        .attr('d', d3.line().x(function (d) { return x(d.t); })
            .y(function (d) { return yg(d.g / d.n); }));
    // Shade flagged windows of this dyad.
    D.flags.forEach(function (f) {
      if (!((f.a === s.a && f.b === s.b) || (f.a === s.b && f.b === s.a))) return;
      var a = parse(f.first), b = d3.utcDay.offset(parse(f.last), 1);
      svg.insert('rect', ':first-child').attr('x', x(a)).attr('width', Math.max(2, x(b) - x(a)))
          .attr('y', m.t).attr('height', H - m.t - m.b)
          .attr('fill', f.kind === 'spike' ? '#fff3bf' : '#ffe3e3');
    });
    svg.append('text').attr('x', W - m.r - 6).attr('y', m.t + 10).attr('text-anchor', 'end')
        .style('font-size', '11px').style('fill', '#868e96').text('events per ' + (unit === d3.utcWeek ? 'week' : 'day') +
        ' (cooperation up, conflict down); right axis: Goldstein mean');
    drawn('timeline', bars.selectAll('rect').size());
  }
  if (D.series.length) {
    var f0 = D.flags[0];
    if (f0) selectDyad(f0.a, f0.b); else drawTimeline(0);
  } else {
    drawTimeline(-1);
  }
  lap('timeline');

  // Actor network: a force layout run to rest before drawing (no animation).
  (function () {
    var box = document.querySelector('#network .chart');
    var nodes = D.net.nodes.map(function (n) { return {id: n[0], events: n[1], g: n[2]}; });
    var links = D.net.edges.map(function (e) {
      return {source: e[0], target: e[1], count: e[2], conflict: e[3], coop: e[4], g: e[5]};
    });
    if (!nodes.length) {
      box.innerHTML = '<p class="none">No actor pairs.</p>';
      drawn('network', 0);
      return;
    }
    var W = 560, H = 420;
    var r = d3.scaleSqrt().domain([0, d3.max(nodes, function (n) { return n.events; })]).range([3, 22]);
    var wmax = d3.max(links, function (l) { return l.count; }) || 1;
    var sim = d3.forceSimulation(nodes)
        .force('link', d3.forceLink(links).id(function (n) { return n.id; }).distance(90))
        .force('charge', d3.forceManyBody().strength(-220))
        .force('center', d3.forceCenter(W / 2, H / 2))
        .force('collide', d3.forceCollide().radius(function (n) { return r(n.events) + 4; }))
        // Weak gravity keeps unconnected pairs in view instead of drifting to the edges.
        .force('x', d3.forceX(W / 2).strength(0.06))
        .force('y', d3.forceY(H / 2).strength(0.08))
        .stop();
    for (var i = 0; i < 300; i++) sim.tick();
    // Inside the box with room for the circle and for the label above it.
    nodes.forEach(function (n) {
      var rn = r(n.events);
      n.x = Math.max(rn + 28, Math.min(W - rn - 28, n.x));
      n.y = Math.max(rn + 18, Math.min(H - rn - 4, n.y));
    });
    var color = d3.scaleLinear().domain([-10, 0, 10]).range(['#c92a2a', '#adb5bd', '#2b8a3e']).clamp(true);
    var svg = d3.select(box).append('svg').attr('viewBox', '0 0 ' + W + ' ' + H);
    svg.append('defs').append('marker').attr('id', 'arrow').attr('viewBox', '0 -4 8 8')
        .attr('refX', 8).attr('markerUnits', 'userSpaceOnUse').attr('markerWidth', 9)
        .attr('markerHeight', 9).attr('orient', 'auto')
        .append('path').attr('d', 'M0,-4L8,0L0,4').attr('fill', '#868e96');
    svg.append('g').selectAll('path').data(links).join('path').attr('class', 'edge')
        .attr('stroke', function (l) { return color(l.g / l.count); })
        .attr('stroke-width', function (l) { return 1 + 5 * Math.sqrt(l.count / wmax); })
        .attr('marker-end', 'url(#arrow)')
        .attr('d', function (l) {
          var dx = l.target.x - l.source.x, dy = l.target.y - l.source.y;
          var d = Math.sqrt(dx * dx + dy * dy) || 1, rt = r(l.target.events) + 3;
          var tx = l.target.x - dx / d * rt, ty = l.target.y - dy / d * rt;
          return 'M' + l.source.x + ',' + l.source.y + 'A' + d * 1.5 + ',' + d * 1.5 + ' 0 0,1 ' + tx + ',' + ty;
        })
        .on('mousemove', function (ev, l) {
          showTip(ev, esc(l.source.id) + ' → ' + esc(l.target.id) + ': ' + l.count + ' events (' +
                  l.conflict + ' conflict, ' + l.coop + ' cooperation), Goldstein mean ' +
                  (l.g / l.count).toFixed(2));
        }).on('mouseout', hideTip);
    var g = svg.append('g').selectAll('g').data(nodes).join('g').attr('class', 'node')
        .attr('transform', function (n) { return 'translate(' + n.x + ',' + n.y + ')'; });
    g.append('circle').attr('r', function (n) { return r(n.events); })
        .attr('fill', function (n) { return color(n.g / n.events); })
        .on('mousemove', function (ev, n) {
          showTip(ev, esc(n.id) + ': ' + n.events + ' events, Goldstein mean ' + (n.g / n.events).toFixed(2));
        }).on('mouseout', hideTip);
    g.append('text').attr('dy', function (n) { return -r(n.events) - 3; }).attr('text-anchor', 'middle')
        .text(function (n) { return n.id; });
    drawn('network', nodes.length);
  })();
  lap('network');

  // Map of event locations over the Natural Earth countries.
  (function () {
    var box = document.querySelector('#map .chart');
    var world = JSON.parse(document.getElementById('world-data').textContent);
    var W = 560, H = 420;
    var countries = topojson.feature(world, world.objects.countries);
    var proj = d3.geoNaturalEarth1().fitSize([W, H], {type: 'Sphere'});
    var path = d3.geoPath(proj);
    var svg = d3.select(box).append('svg').attr('viewBox', '0 0 ' + W + ' ' + H);
    svg.append('path').attr('class', 'sphere').attr('d', path({type: 'Sphere'}));
    svg.append('g').selectAll('path').data(countries.features).join('path')
        .attr('class', 'country').attr('d', path)
        .append('title').text(function (f) { return f.properties.name; });
    var P = D.places.map(function (p) {
      return {lat: p[0], lon: p[1], name: p[2], country: p[3], n: p[4], conf: p[5]};
    }).filter(function (p) { return isFinite(p.lat) && isFinite(p.lon); })
      .sort(function (a, b) { return b.n - a.n; });
    var r = d3.scaleSqrt().domain([0, d3.max(P, function (p) { return p.n; }) || 1]).range([2.5, 18]);
    svg.append('g').selectAll('circle').data(P).join('circle').attr('class', 'place')
        .attr('cx', function (p) { return proj([p.lon, p.lat])[0]; })
        .attr('cy', function (p) { return proj([p.lon, p.lat])[1]; })
        .attr('r', function (p) { return r(p.n); })
        .attr('fill', function (p) { return p.conf * 2 > p.n ? '#c92a2a' : '#1971c2'; })
        .on('mousemove', function (ev, p) {
          showTip(ev, esc(p.name) + (p.country ? ' (' + esc(p.country) + ')' : '') + ': ' + p.n +
                  ' events, ' + p.conf + ' conflict');
        }).on('mouseout', hideTip);
    document.getElementById('map').setAttribute('data-places', String(P.length));
    if (M.places_total > P.length)
      svg.append('text').attr('x', 8).attr('y', H - 8).style('font-size', '11px')
          .style('fill', '#868e96')
          .text('the ' + P.length + ' places with most events of ' + M.places_total);
    drawn('map', countries.features.length);
  })();
  lap('map');

  // Event table: filtered in memory, one page of rows in the DOM at a time.
  (function () {
    var PAGE = M.page_size || 50;
    var hay = null;  // lower-cased search text per event, built on first search
    var rows = EV.map(function (e, i) { return i; });
    var page = 0;
    var tbody = document.querySelector('#events tbody');
    var input = document.getElementById('search'), quad = document.getElementById('quad');
    function render() {
      var pages = Math.max(1, Math.ceil(rows.length / PAGE));
      page = Math.max(0, Math.min(page, pages - 1));
      var slice = rows.slice(page * PAGE, page * PAGE + PAGE);
      tbody.innerHTML = slice.map(function (i) { return eventRow(EV[i]); }).join('');
      document.getElementById('count').textContent =
          rows.length.toLocaleString() + ' of ' + EV.length.toLocaleString() + ' events';
      document.getElementById('page').textContent = 'page ' + (page + 1) + ' of ' + pages;
      var sec = document.getElementById('events');
      sec.setAttribute('data-drawn', String(slice.length));
      sec.setAttribute('data-matches', String(rows.length));
    }
    function filter() {
      var q = input.value.trim().toLowerCase(), qc = quad.value;
      if (q && !hay) {
        hay = EV.map(function (e) {
          return (e[DATE] + ' ' + e[SRC] + ' ' + e[TGT] + ' ' + e[CAMEO] + ' ' + e[PLOVER] + ' ' +
                  e[TRIG] + ' ' + (SENTS[e[SENT]] || '')).toLowerCase();
        });
      }
      var words = q ? q.split(/\s+/) : [];
      rows = [];
      for (var i = 0; i < EV.length; i++) {
        if (qc && String(EV[i][QUAD]) !== qc) continue;
        var ok = true;
        for (var w = 0; w < words.length && ok; w++) ok = hay[i].indexOf(words[w]) >= 0;
        if (ok) rows.push(i);
      }
      page = 0;
      render();
    }
    var timer = null;
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(filter, 150);
    });
    quad.addEventListener('change', filter);
    showEvents = function (list) {
      input.value = '';
      quad.value = '';
      rows = list.slice();
      page = 0;
      render();
    };
    document.getElementById('prev').addEventListener('click', function () { page--; render(); });
    document.getElementById('next').addEventListener('click', function () { page++; render(); });
    render();
  })();
  lap('table');

  document.body.setAttribute('data-ready-ms', String(Math.round(performance.now())));
  document.body.setAttribute('data-script-ms', String(Math.round(performance.now() - t0)));
  document.body.setAttribute('data-timings', JSON.stringify(timings).replace(/"/g, ''));
  document.body.setAttribute('data-ready', '1');
})();
