/* search.js: the hub's search box, answered from the static index in
 * search/ (see generator/render/search_index.h for its files).
 *
 * Without this script the form stays hidden and the "A to Z" link is the
 * way to find a consultation.  With it, the form appears; each query
 * fetches only the index files for its words and the records of the
 * results it shows.  Results are announced in a live region with their
 * count, so a screen reader user hears what happened. */
(function () {
  "use strict";
  var form = document.querySelector("form.search-form[data-index]");
  if (!form || !window.fetch || !window.Promise) return;

  var base = form.getAttribute("data-index");
  var root = base.replace(/search\/$/, "");
  var input = form.querySelector("input[name=q]");
  var cache = {};
  var SHOWN = 20;
  /* Where a word was found (search_index.h): title first. */
  var WEIGHTS = [[8, 16], [4, 6], [2, 3], [1, 1]];
  var STOP = ("about after all also and any are been being but can could did does each for from had " +
    "has have her his how into its may more not now our out should than that the their them then " +
    "there these they this those was were what when which who will with would you your").split(" ");

  var status = document.createElement("p");
  status.className = "search-status";
  status.setAttribute("role", "status");
  var results = document.createElement("ol");
  results.className = "search-results";
  form.parentNode.insertBefore(status, form.nextSibling);
  status.parentNode.insertBefore(results, status.nextSibling);
  form.hidden = false;

  function get(path) {
    if (!cache[path]) {
      cache[path] = fetch(base + path).then(function (r) {
        if (r.status === 404) return {};
        if (!r.ok) throw new Error(r.status);
        return r.json();
      });
    }
    return cache[path];
  }

  /* The same words the index keeps: lower case, letters and digits, at
   * least three characters, common words left out. */
  function words(text) {
    var out = [];
    text.toLowerCase().replace(/['\u2019]/g, "").split(/[^a-z0-9\u0080-\uffff]+/).forEach(function (w) {
      if (Array.from(w).length >= 3 && STOP.indexOf(w) < 0 && out.indexOf(w) < 0) out.push(w);
    });
    return out;
  }

  function shard(word) {
    var bytes = new TextEncoder().encode(Array.from(word).slice(0, 3).join(""));
    return Array.prototype.map.call(bytes, function (b) {
      return (b < 16 ? "0" : "") + b.toString(16);
    }).join("");
  }

  function score(fields, exact) {
    var s = 0;
    WEIGHTS.forEach(function (w) {
      if (fields & w[0]) s = Math.max(s, w[1]);
    });
    return exact ? s * 2 : s;
  }

  /* For one query word: every pack with a word that starts with it, and
   * its best score. */
  function lookup(word) {
    return get("terms/" + shard(word) + ".json").then(function (terms) {
      var found = {};
      Object.keys(terms).forEach(function (t) {
        if (t.lastIndexOf(word, 0) !== 0) return;
        /* Each posting is (pack - previous pack) * 16 + fields. */
        var p = terms[t], pack = 0;
        for (var i = 0; i < p.length; i++) {
          pack += Math.floor(p[i] / 16);
          var s = score(p[i] % 16, t === word);
          if (!(found[pack] >= s)) found[pack] = s;
        }
      });
      return found;
    });
  }

  function say(text) {
    status.textContent = text;
  }

  /* The hub's words for what the search says, in the page's language:
   * data-msg-NAME on the form, with {n} and {query} filled in. */
  function msg(name, n, query) {
    return (form.getAttribute("data-msg-" + name) || "")
      .replace(/\{n\}/g, String(n)).replace(/\{query\}/g, query);
  }

  var plural = window.Intl && Intl.PluralRules ?
    new Intl.PluralRules(document.documentElement.lang || "en") : null;

  function foundText(n, query) {
    var key = "found-" + (plural ? plural.select(n) : n === 1 ? "one" : "other");
    return msg(key, n, query) || msg("found-other", n, query);
  }

  function show(list, meta) {
    results.textContent = "";
    var top = list.slice(0, SHOWN);
    var chunks = {};
    top.forEach(function (r) { chunks[Math.floor(r.pack / meta.chunk)] = true; });
    return Promise.all(Object.keys(chunks).map(function (k) {
      return get("packs/" + k + ".json").then(function (records) { chunks[k] = records; });
    })).then(function () {
      top.forEach(function (r) {
        var rec = chunks[Math.floor(r.pack / meta.chunk)][r.pack % meta.chunk];
        var li = document.createElement("li");
        var h = document.createElement("h3");
        var a = document.createElement("a");
        a.href = root + rec[1];
        a.textContent = rec[0];
        h.appendChild(a);
        li.appendChild(h);
        var p = document.createElement("p");
        p.className = "card-meta";
        var st = document.createElement("strong");
        st.className = rec[3];
        st.textContent = rec[2];
        p.appendChild(st);
        p.appendChild(document.createTextNode(" " + rec[4]));
        li.appendChild(p);
        var summary = document.createElement("p");
        summary.textContent = rec[5];
        li.appendChild(summary);
        results.appendChild(li);
      });
    });
  }

  function run(query) {
    var ws = words(query);
    if (!ws.length) {
      results.textContent = "";
      say(query.trim() ? msg("short") : "");
      return Promise.resolve();
    }
    say(msg("searching"));
    return Promise.all([get("meta.json")].concat(ws.map(lookup))).then(function (all) {
      var meta = all[0], found = all.slice(1), list = [];
      /* A result has every word of the query. */
      Object.keys(found[0]).forEach(function (pack) {
        var total = 0;
        for (var i = 0; i < found.length; i++) {
          if (!(pack in found[i])) return;
          total += found[i][pack];
        }
        list.push({pack: Number(pack), score: total});
      });
      list.sort(function (a, b) { return b.score - a.score || a.pack - b.pack; });
      return show(list, meta).then(function () {
        var n = list.length;
        if (!n) say(msg("none", 0, query.trim()));
        else say(foundText(n, query.trim()) + (n > SHOWN ? ". " + msg("more", SHOWN) : "."));
      });
    }).catch(function () {
      say(msg("broken"));
    });
  }

  var timer;
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);
    run(input.value);
  });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(input.value); }, 350);
  });
  /* A search can be shared as a link: ?q=words. */
  var q = new URLSearchParams(location.search).get("q");
  if (q) {
    input.value = q;
    run(q);
  }
})();
