(function () {
	'use strict';
	var form = document.getElementById('filters');
	if (!form)
		return;
	var text = document.getElementById('filter-text');
	var shown = document.getElementById('shown');
	var nomatch = document.getElementById('nomatch');
	var boxes = [].slice.call(form.querySelectorAll('input[type=checkbox]'));
	var groups = [].slice.call(document.querySelectorAll('#objects section.object'));
	var total = document.querySelectorAll('#objects tr.finding').length;
	var sevs = ['critical', 'error', 'warning', 'info'];

	function picked(name) {
		var set = {};
		boxes.forEach(function (b) {
			if (b.name === name && b.checked)
				set[b.value] = true;
		});
		return set;
	}
	function readHash() {
		location.hash.replace(/^#/, '').split('&').forEach(function (kv) {
			var i = kv.indexOf('=');
			if (i < 0)
				return;
			var k = decodeURIComponent(kv.slice(0, i)), v = decodeURIComponent(kv.slice(i + 1));
			if (k === 'q') {
				text.value = v;
			} else if (k === 'severity' || k === 'status') {
				var want = {};
				v.split(',').forEach(function (x) { want[x] = true; });
				boxes.forEach(function (b) {
					if (b.name === k)
						b.checked = !!want[b.value];
				});
			}
		});
	}
	function writeHash() {
		var parts = [];
		['severity', 'status'].forEach(function (name) {
			var all = true, on = [];
			boxes.forEach(function (b) {
				if (b.name !== name)
					return;
				if (b.checked)
					on.push(b.value);
				else
					all = false;
			});
			if (!all)
				parts.push(name + '=' + on.join(','));
		});
		if (text.value)
			parts.push('q=' + encodeURIComponent(text.value));
		try {
			history.replaceState(null, '', parts.length ? '#' + parts.join('&') : location.pathname);
		} catch (e) {
			/* a file: URL may refuse; the filter still works */
		}
	}
	function apply() {
		var sev = picked('severity'), st = picked('status');
		var q = text.value.trim().toLowerCase(), n = 0, counts = {};
		groups.forEach(function (g) {
			var head = g.querySelector('header').textContent.toLowerCase(), visible = 0;
			[].forEach.call(g.querySelectorAll('tr.finding'), function (r) {
				var ok = sev[r.dataset.severity] && st[r.dataset.status] &&
					(!q || (head + ' ' + r.textContent.toLowerCase()).indexOf(q) >= 0);
				r.hidden = !ok;
				if (ok) {
					visible++;
					counts[r.dataset.severity] = (counts[r.dataset.severity] || 0) + 1;
				}
			});
			g.hidden = visible === 0;
			n += visible;
		});
		shown.dataset.shown = n;
		sevs.forEach(function (s) {
			shown.setAttribute('data-shown-' + s, counts[s] || 0);
		});
		shown.textContent = n === total ? 'all ' + total + ' findings shown' : n + ' of ' + total + ' findings shown';
		nomatch.hidden = n !== 0 || total === 0;
	}
	readHash();
	form.hidden = false;
	form.addEventListener('input', function () {
		apply();
		writeHash();
	});
	form.addEventListener('submit', function (e) { e.preventDefault(); });
	apply();
	document.documentElement.setAttribute('data-script', 'ran');
})();
